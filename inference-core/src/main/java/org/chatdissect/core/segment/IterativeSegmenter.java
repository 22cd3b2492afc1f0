package org.chatdissect.core.segment;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntRBTreeSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.params.Parameters.Iteration;

/**
 * The paper's iterative VE: basic VE with window L over the first {@code scope} bytes of every payload, then every
 * field longer than {@code ve.max_field_length} is segmented again, until all fields are short enough or none of
 * the remaining long fields can be split.
 *
 * <p>Iteration works per <em>field position class</em>: the long fields with the same (start, end) across packets
 * are re-segmented together. With {@link Iteration#SUBCORPUS} (default) fresh n-gram statistics are built over just
 * those field values, so a field's internal structure is judged against its own population instead of being drowned
 * by the rest of the header; with {@link Iteration#GLOBAL} the corpus-wide statistics are reused. Either way the
 * window shrinks to about half the field (a window as long as the field gives each position one vote per expert at
 * most) and the vote threshold keeps the base run's ratio of {@code minVotes} to the most votes a position can get.
 *
 * <p>With {@code segment.evidence=true} (ours, off in both presets) the result is joined with {@link StructureEvidence}.
 */
public final class IterativeSegmenter implements Segmenter {
    /**
     * What segmentation reads of Table II: {@code segment.scope}, {@code ve.window}, {@code ve.min_votes},
     * {@code ve.stat_sample}, {@code ve.max_field_length}, {@code segment.iteration}, and the structure evidence
     * stage ({@code segment.evidence} and its {@code evidence.*} parameters; null when off).
     */
    public record Config(int segmentScope, int veWindow, int veMinVotes, int veStatSample, int veMaxFieldLength,
            Iteration segmentIteration, StructureEvidence evidence) {
        public static Config of(Parameters p) {
            return new Config(p.segmentScope(), p.veWindow(), p.veMinVotes(), p.veStatSample(), p.veMaxFieldLength(),
                    p.segmentIteration(), p.segmentEvidence() ? new StructureEvidence(p) : null);
        }
    }

    private final Config params;

    public IterativeSegmenter(Config params) {
        this.params = params;
    }

    /** Cuts every payload to the configured scope (0 = whole payload). */
    public List<byte[]> scoped(List<byte[]> payloads) {
        int scope = params.segmentScope();
        List<byte[]> out = new ArrayList<>(payloads.size());
        for (byte[] p : payloads) {
            out.add(scope == 0 || p.length <= scope ? p : Arrays.copyOf(p, scope));
        }
        return out;
    }

    /** Only the basic (non-iterative) VE of ProWord, for comparison. */
    public List<Segmentation> basic(List<byte[]> payloads) {
        List<byte[]> corpus = scoped(payloads);
        VotingExperts ve = VotingExperts.train(corpus, params.veWindow(), params.veMinVotes(), params.veStatSample());
        return Arrays.asList(ve.segmentAll(corpus));
    }

    /** Iterative VE; one segmentation per payload, in input order. */
    @Override
    public List<Segmentation> segment(List<byte[]> payloads) {
        List<byte[]> corpus = scoped(payloads);
        int n = corpus.size();
        VotingExperts global = VotingExperts.train(corpus, params.veWindow(), params.veMinVotes(), params.veStatSample());
        IntRBTreeSet[] cuts = new IntRBTreeSet[n];
        Segmentation[] first = global.segmentAll(corpus);
        IntStream.range(0, n).parallel().forEach(i -> cuts[i] = new IntRBTreeSet(first[i].boundaries()));
        int maxLen = params.veMaxFieldLength();
        Set<Long> exhausted = new HashSet<>();
        while (true) {
            Map<Long, IntArrayList> classes = longFields(corpus, cuts, maxLen, exhausted);
            if (classes.isEmpty()) {
                break;
            }
            for (Map.Entry<Long, IntArrayList> e : classes.entrySet()) {
                int start = (int) (e.getKey() >>> 32);
                int end = (int) (long) e.getKey();
                IntArrayList members = e.getValue();
                List<byte[]> sub = new ArrayList<>(members.size());
                for (int i = 0; i < members.size(); i++) {
                    sub.add(Arrays.copyOfRange(corpus.get(members.getInt(i)), start, end));
                }
                VotingExperts ve = subVe(global, sub, end - start);
                Segmentation[] subSegs = ve.segmentAll(sub);
                for (int i = 0; i < members.size(); i++) {
                    for (int x : subSegs[i].boundaries()) {
                        cuts[members.getInt(i)].add(start + x);
                    }
                }
                // Each position class is segmented once: its members left uncut would be left uncut again, and
                // the new, shorter fields form new classes for the next round. This bounds the rounds by scope.
                exhausted.add(e.getKey());
            }
        }
        List<Segmentation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Segmentation(Math.max(1, corpus.get(i).length), cuts[i].toIntArray()));
        }
        // not the paper's: structure evidence VE cannot see (columns, small numbers, strings, TLV); off by default
        return params.evidence() != null ? params.evidence().apply(corpus, out) : out;
    }

    private VotingExperts subVe(VotingExperts global, List<byte[]> sub, int len) {
        int w = Math.min(params.veWindow(), Math.max(2, len / 2 + 1));
        int experts = global.expertCount();
        double ratio = (double) params.veMinVotes() / (experts * (params.veWindow() - 1));
        int maxCover = Math.min(w - 1, len - w + 1);
        int t = Math.max(1, (int) Math.ceil(ratio * experts * maxCover - 1e-9));
        if (params.segmentIteration() == Iteration.GLOBAL) {
            return global.withWindow(w, t);
        }
        return VotingExperts.train(sub, w, t, params.veStatSample());
    }

    /** Long fields grouped by (start, end), in a deterministic order. */
    private static Map<Long, IntArrayList> longFields(List<byte[]> corpus, IntRBTreeSet[] cuts, int maxLen,
                                                      Set<Long> exhausted) {
        Map<Long, IntArrayList> classes = new TreeMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            int prev = 0;
            int len = corpus.get(i).length;
            int[] b = cuts[i].toIntArray();
            for (int k = 0; k <= b.length; k++) {
                int end = k < b.length ? b[k] : len;
                if (end - prev > maxLen) {
                    long key = ((long) prev << 32) | end;
                    if (!exhausted.contains(key)) {
                        classes.computeIfAbsent(key, x -> new IntArrayList()).add(i);
                    }
                }
                prev = end;
            }
        }
        return classes;
    }
}
