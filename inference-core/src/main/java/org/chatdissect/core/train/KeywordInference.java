package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.keyword.KeywordCandidate;
import org.chatdissect.core.keyword.LcsKeywordExtractor;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;

/**
 * Direct field inspection (section III-A1): keywords for each inspected field by LCS extraction, and
 * request URLs tied to tasks through the manifest, so that HTTP tasks can be named as binary opcodes are.
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
        LcsKeywordExtractor lcs = new LcsKeywordExtractor(LcsKeywordExtractor.Config.of(params));
        for (var e : byField.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            boolean hostField = e.getKey().equals("dns.qname") || e.getKey().equals("http.host") || e.getKey().equals("tls.sni");
            java.util.Set<String> observed = new java.util.HashSet<>(e.getValue());
            for (KeywordCandidate k : lcs.extract(e.getValue())) {
                if (hostField && !observed.contains(k.value()) && labels(k.value()) < params.keywordMinHostLabels()) {
                    // ".example.com" is the LCS of wx.example.com and long.chat.example.com, and would claim every host of that domain
                    continue;
                }
                out.add(new LearnedKeyword(e.getKey(), k.value(), k.coverage(), null));
            }
        }
        return tasks(observations, out);
    }

    /**
     * A keyword names a task when most requests carrying it fall inside the manifest intervals of one task,
     * as the paper maps {@code /cgi-bin/micromsg-bin/uploadmsgimg} to sending a picture. Candidates are the
     * exact request paths and the URL and Host keywords found by LCS (a photo fetch has a unique path, but
     * its {@code /mmsns/} prefix or its host names the task).
     */
    private List<LearnedKeyword> tasks(List<FieldObservation> observations, List<LearnedKeyword> lcs) {
        if (manifest.isEmpty()) {
            return List.of();
        }
        List<FieldObservation> urls = new ArrayList<>();
        List<FieldObservation> hosts = new ArrayList<>();
        java.util.TreeSet<String> paths = new java.util.TreeSet<>();
        for (FieldObservation o : observations) {
            if (o.field().equals("http.url")) {
                urls.add(o);
                paths.add(stripQuery(o.value()));
            } else if (o.field().equals("http.host")) {
                hosts.add(o);
            }
        }
        List<LearnedKeyword> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (LearnedKeyword k : lcs) {
            List<FieldObservation> pool = k.field().equals("http.url") ? urls : k.field().equals("http.host") ? hosts : null;
            if (pool != null) {
                String task = task(pool, k.value());
                out.add(task == null ? k : new LearnedKeyword(k.field(), k.value(), k.coverage(), task));
                done.add(k.field() + "\u0000" + k.value());
            } else {
                out.add(k);
            }
        }
        for (String p : paths) {
            if (done.contains("http.url\u0000" + p)) {
                continue;
            }
            String task = task(urls, p);
            if (task != null) {
                long n = urls.stream().filter(o -> o.value().contains(p)).count();
                out.add(new LearnedKeyword("http.url", p, (double) n / urls.size(), task));
            }
        }
        return out;
    }

    /** The task holding a majority (and at least two) of the requests whose field contains {@code value}. */
    private String task(List<FieldObservation> pool, String value) {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (FieldObservation o : pool) {
            if (!o.value().contains(value)) {
                continue;
            }
            total++;
            for (ManifestEntry m : manifest) {
                if (o.timeSeconds() >= m.start() && o.timeSeconds() <= m.end()
                        && (m.client().isEmpty() || m.client().equals(o.client()))) {
                    counts.merge(m.task(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestN = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > bestN) {
                best = e.getKey();
                bestN = e.getValue();
            }
        }
        return bestN >= 2 && bestN * 2 > total ? best : null;
    }

    /** Dot-separated labels of a host-name fragment, ignoring dots at its ends. */
    static int labels(String host) {
        String h = host;
        while (h.startsWith(".")) {
            h = h.substring(1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? 0 : h.split("\\.").length;
    }

    static String stripQuery(String url) {
        int q = url.indexOf('?');
        return q >= 0 ? url.substring(0, q) : url;
    }
}
