package org.chatdissect.core.keyword;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.params.Parameters;

/**
 * Section III-A1 keyword extraction for one DNS/HTTP field. A field with few distinct values keeps every value as
 * a keyword. Otherwise the paper's pairwise LCS: a substring of at least {@code lcs.min_length} characters
 * contained in at least max(2, ceil(coverage·n)) values, maximal (no one-character extension on either side is
 * contained in as many values, which is what an LCS of some pair is), and not a substring of a kept keyword with
 * equal or higher coverage. A generalized suffix automaton gives all of them in linear time.
 */
public final class LcsKeywordExtractor {
    private static final Comparator<KeywordCandidate> ORDER = Comparator.comparingDouble((KeywordCandidate k) -> -k.coverage())
            .thenComparingInt(k -> -k.value().length()).thenComparing(KeywordCandidate::value);

    /** What the extractor reads of Table II: {@code lcs.min_length}, {@code lcs.min_coverage}, {@code keyword.few_values_max}. */
    public record Config(int lcsMinLength, double lcsMinCoverage, int keywordFewValuesMax) {
        public static Config of(Parameters p) {
            return new Config(p.lcsMinLength(), p.lcsMinCoverage(), p.keywordFewValuesMax());
        }
    }

    private final Config params;

    public LcsKeywordExtractor(Config params) {
        this.params = params;
    }

    /** Keywords sorted by coverage (desc), length (desc), then value. */
    public List<KeywordCandidate> extract(List<String> observed) {
        Map<String, Long> counts = new TreeMap<>();
        for (String v : observed) {
            counts.merge(v, 1L, Long::sum);
        }
        double n = observed.size();
        List<KeywordCandidate> out = new ArrayList<>();
        if (counts.size() <= params.keywordFewValuesMax()) {
            counts.forEach((v, c) -> out.add(new KeywordCandidate(v, c / n)));
            out.sort(ORDER);
            return out;
        }
        List<String> values = new ArrayList<>(counts.keySet());
        long[] weights = counts.values().stream().mapToLong(Long::longValue).toArray();
        SuffixAutomaton sa = new SuffixAutomaton(values, weights);
        long minCount = Math.max(2, (long) Math.ceil(params.lcsMinCoverage() * n - 1e-9));
        long[] maxChildWeight = new long[sa.size()];
        for (int v = 1; v < sa.size(); v++) {
            int p = sa.link.getInt(v);
            maxChildWeight[p] = Math.max(maxChildWeight[p], sa.weight[v]);
        }
        List<KeywordCandidate> candidates = new ArrayList<>();
        for (int v = 1; v < sa.size(); v++) {
            long w = sa.weight[v];
            if (sa.len.getInt(v) < params.lcsMinLength() || w < minCount) {
                continue;
            }
            boolean rightMaximal = true;
            for (char c : sa.transitionsOf(v)) {
                if (sa.weight[sa.next.get(((long) v << 16) | c)] == w) {
                    rightMaximal = false;
                    break;
                }
            }
            // A suffix-link child with the same weight is a left extension contained in as many values.
            if (rightMaximal && maxChildWeight[v] < w) {
                candidates.add(new KeywordCandidate(sa.longest(values, v), w / n));
            }
        }
        candidates.sort(ORDER);
        for (KeywordCandidate k : candidates) {
            boolean covered = false;
            for (KeywordCandidate kept : out) {
                if (kept.coverage() >= k.coverage() && kept.value().contains(k.value())) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(k);
            }
        }
        return out;
    }
}
