package org.chatdissect.core.segment;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;

/**
 * Voting Experts (Cohen and Adams) as used by ProWord: n-gram statistics of the corpus are built once; a window of
 * {@code window} bytes slides over each sequence, every expert votes for its preferred split, and a position becomes
 * a boundary when its votes are at least {@code minVotes} and strictly more than both neighbours'.
 */
public final class VotingExperts {
    private final NgramTrie forward;
    private final NgramTrie backward;
    private final List<Expert> experts;
    private final int window;
    private final int minVotes;

    private VotingExperts(NgramTrie forward, NgramTrie backward, int window, int minVotes) {
        this.forward = forward;
        this.backward = backward;
        this.window = window;
        this.minVotes = minVotes;
        this.experts = List.of(new FrequencyExpert(forward), new ForwardEntropyExpert(forward),
                new BackwardEntropyExpert(backward));
    }

    /** Builds the statistics over {@code corpus} (n-grams up to {@code window} bytes). */
    public static VotingExperts train(List<byte[]> corpus, int window, int minVotes, int statSample) {
        // the two tries are independent: build them side by side (2 cores)
        java.util.concurrent.CompletableFuture<NgramTrie> b = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> NgramTrie.build(corpus, window, true, statSample));
        NgramTrie f = NgramTrie.build(corpus, window, false, statSample);
        return new VotingExperts(f, b.join(), window, minVotes);
    }

    /** Same statistics, different window/threshold (used when re-segmenting short fields). */
    public VotingExperts withWindow(int newWindow, int newMinVotes) {
        if (newWindow > forward.maxDepth()) {
            throw new IllegalArgumentException("window " + newWindow + " exceeds trained n-gram depth " + forward.maxDepth());
        }
        return new VotingExperts(forward, backward, newWindow, newMinVotes);
    }

    public int window() {
        return window;
    }

    public int minVotes() {
        return minVotes;
    }

    /** Number of experts voting in each window. */
    public int expertCount() {
        return experts.size();
    }

    /** Votes per position: {@code votes[p]} counts votes for a boundary before byte p. */
    public int[] votes(byte[] seq) {
        int n = seq.length;
        int[] votes = new int[n + 1];
        if (n < 2) {
            return votes;
        }
        int w = Math.min(window, n);
        // experts read n-grams of at most w-1 bytes (both parts of a split are shorter than the window)
        NgramIndex idx = new NgramIndex(seq, forward, backward, w - 1);
        for (int start = 0; start + w <= n; start++) {
            for (Expert e : experts) {
                int k = e.vote(idx, start, w);
                if (k > 0) {
                    votes[start + k]++;
                }
            }
        }
        return votes;
    }

    /** The boundaries of one sequence. */
    public Segmentation segment(byte[] seq) {
        return new Segmentation(Math.max(seq.length, 1), cut(votes(seq), minVotes));
    }

    /**
     * Segments every sequence, in order. Identical sequences get the same segmentation (VE is a function of the
     * sequence once the statistics are built), so each distinct one is segmented once, in parallel.
     */
    public Segmentation[] segmentAll(List<byte[]> seqs) {
        it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap<ByteKey> index = new it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap<>();
        index.defaultReturnValue(-1);
        int[] slot = new int[seqs.size()];
        java.util.ArrayList<byte[]> distinct = new java.util.ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            ByteKey k = new ByteKey(seqs.get(i));
            int d = index.getInt(k);
            if (d < 0) {
                d = distinct.size();
                index.put(k, d);
                distinct.add(seqs.get(i));
            }
            slot[i] = d;
        }
        Segmentation[] bySlot = new Segmentation[distinct.size()];
        java.util.stream.IntStream.range(0, bySlot.length).parallel().forEach(d -> bySlot[d] = segment(distinct.get(d)));
        Segmentation[] out = new Segmentation[seqs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bySlot[slot[i]];
        }
        return out;
    }

    /** Content equality for byte arrays (hash computed once). */
    private record ByteKey(byte[] b, int hash) {
        ByteKey(byte[] b) {
            this(b, java.util.Arrays.hashCode(b));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && k.hash == hash && java.util.Arrays.equals(k.b, b);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Local maxima (strictly above both neighbours; outside positions count as 0) with at least minVotes. */
    static int[] cut(int[] votes, int minVotes) {
        int n = votes.length - 1;
        IntArrayList out = new IntArrayList();
        for (int p = 1; p < n; p++) {
            int left = p - 1 >= 1 ? votes[p - 1] : 0;
            int right = p + 1 <= n - 1 ? votes[p + 1] : 0;
            if (votes[p] >= minVotes && votes[p] > left && votes[p] > right) {
                out.add(p);
            }
        }
        return out.toIntArray();
    }
}
