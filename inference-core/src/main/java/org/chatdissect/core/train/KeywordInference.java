package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.keyword.Keyword;
import org.chatdissect.core.keyword.LcsKeywordExtractor;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;

/**
 * Direct field inspection (section III-A1): keywords for each inspected field by LCS extraction, and
 * request URLs tied to tasks through the manifest, so that W-HTTP tasks can be named as W-TCP opcodes are.
 */
final class KeywordInference {
    static final List<String> FIELDS = List.of("dns.qname", "http.host", "http.referer", "http.user_agent",
            "http.method", "http.url", "tls.sni");

    private final Parameters params;
    private final List<ManifestEntry> manifest;

    KeywordInference(Parameters params, List<ManifestEntry> manifest) {
        this.params = params;
        this.manifest = manifest;
    }

    List<LearnedKeyword> learn(List<FieldObservation> observations) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (String f : FIELDS) {
            byField.put(f, new ArrayList<>());
        }
        for (FieldObservation o : observations) {
            byField.computeIfAbsent(o.field(), k -> new ArrayList<>()).add(o.value());
        }
        List<LearnedKeyword> out = new ArrayList<>();
        LcsKeywordExtractor lcs = new LcsKeywordExtractor(params);
        for (var e : byField.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            for (Keyword k : lcs.extract(e.getValue())) {
                out.add(new LearnedKeyword(e.getKey(), k.value(), k.coverage(), null));
            }
        }
        out.addAll(urlTasks(observations));
        return out;
    }

    /**
     * A URL path is a task keyword when most of its requests fall inside the manifest intervals of one
     * task, as the paper maps {@code /cgi-bin/micromsg-bin/uploadmsgimg} to sending a picture.
     */
    private List<LearnedKeyword> urlTasks(List<FieldObservation> observations) {
        if (manifest.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Map<String, Integer> totals = new HashMap<>();
        long urls = 0;
        for (FieldObservation o : observations) {
            if (!o.field().equals("http.url")) {
                continue;
            }
            urls++;
            String path = stripQuery(o.value());
            totals.merge(path, 1, Integer::sum);
            for (ManifestEntry m : manifest) {
                if (o.timeSeconds() >= m.start() && o.timeSeconds() <= m.end()
                        && (m.client().isEmpty() || m.client().equals(o.client()))) {
                    counts.computeIfAbsent(path, k -> new TreeMap<>()).merge(m.task(), 1, Integer::sum);
                }
            }
        }
        List<LearnedKeyword> out = new ArrayList<>();
        for (var e : counts.entrySet()) {
            var best = e.getValue().entrySet().stream()
                    .max(Comparator.comparingInt((Map.Entry<String, Integer> x) -> x.getValue())
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow();
            int total = totals.get(e.getKey());
            if (best.getValue() >= 2 && best.getValue() * 2 > total) {
                out.add(new LearnedKeyword("http.url", e.getKey(), (double) total / urls, best.getKey()));
            }
        }
        return out;
    }

    static String stripQuery(String url) {
        int q = url.indexOf('?');
        return q >= 0 ? url.substring(0, q) : url;
    }
}
