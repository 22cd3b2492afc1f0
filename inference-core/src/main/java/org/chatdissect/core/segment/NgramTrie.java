package org.chatdissect.core.segment;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;

/**
 * Byte n-gram counts up to a maximum depth, as a trie whose edges live in one primitive hash map ({@link TrieEdges}) keyed by
 * {@code node << 8 | byte}. Built once per corpus; each node also carries the entropy of its successor bytes
 * ("boundary entropy") and both statistics z-scored per n-gram length, which is what the experts compare
 * (raw values are not comparable across lengths). Reversed, it gives predecessor statistics.
 */
public final class NgramTrie {
    /** Returned by {@link #child} for an unseen n-gram. */
    public static final int ABSENT = -1;

    private final int maxDepth;
    private final boolean reversed;
    private final TrieEdges edges = new TrieEdges();
    private final IntArrayList counts = new IntArrayList();
    private final IntArrayList depths = new IntArrayList();
    private final IntArrayList parents = new IntArrayList();
    private float[] zFreq;
    private float[] zEntropy;
    private double[] absentFreqZ;
    private double[] zeroEntropyZ;

    private NgramTrie(int maxDepth, boolean reversed) {
        this.maxDepth = maxDepth;
        this.reversed = reversed;
        newNode(0, ABSENT);
    }

    /**
     * Counts every n-gram (n ≤ maxDepth) of every sequence. With {@code reversed} the sequences are read right to
     * left, so node children are predecessors. At most {@code sample} sequences (an even stride) are counted,
     * bounding memory for very large corpora.
     */
    public static NgramTrie build(List<byte[]> sequences, int maxDepth, boolean reversed, int sample) {
        NgramTrie t = new NgramTrie(maxDepth, reversed);
        int n = sequences.size();
        double stride = n <= sample ? 1.0 : (double) n / sample;
        for (double x = 0; x < n; x += stride) {
            t.add(sequences.get((int) x));
        }
        t.finish();
        return t;
    }

    public boolean reversed() {
        return reversed;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int nodeCount() {
        return counts.size();
    }

    private int newNode(int depth, int parent) {
        counts.add(0);
        depths.add(depth);
        parents.add(parent);
        return counts.size() - 1;
    }

    private void add(byte[] seq) {
        int len = seq.length;
        for (int start = 0; start < len; start++) {
            int node = 0;
            counts.set(0, counts.getInt(0) + 1);
            for (int d = 0; d < maxDepth && start + d < len; d++) {
                int b = (reversed ? seq[len - 1 - start - d] : seq[start + d]) & 0xff;
                long key = ((long) node << 8) | b;
                int c = edges.get(key, ABSENT);
                if (c == ABSENT) {
                    c = newNode(d + 1, node);
                    edges.put(key, c);
                }
                counts.set(c, counts.getInt(c) + 1);
                node = c;
            }
        }
    }

    private void finish() {
        int n = counts.size();
        double[] childTotal = new double[n];
        double[] childCLogC = new double[n];
        for (int node = 1; node < n; node++) {
            int p = parents.getInt(node);
            double c = counts.getInt(node);
            childTotal[p] += c;
            childCLogC[p] += c * Math.log(c);
        }
        double[] entropy = new double[n];
        boolean[] hasEntropy = new boolean[n];
        for (int node = 0; node < n; node++) {
            if (childTotal[node] > 0) {
                entropy[node] = Math.log(childTotal[node]) - childCLogC[node] / childTotal[node];
                hasEntropy[node] = true;
            }
        }
        // Per-length mean and deviation (Welford-free: two sums suffice at this size).
        double[] fs = new double[maxDepth + 1];
        double[] fss = new double[maxDepth + 1];
        double[] fn = new double[maxDepth + 1];
        double[] es = new double[maxDepth + 1];
        double[] ess = new double[maxDepth + 1];
        double[] en = new double[maxDepth + 1];
        for (int node = 1; node < n; node++) {
            int d = depths.getInt(node);
            double c = counts.getInt(node);
            fs[d] += c;
            fss[d] += c * c;
            fn[d]++;
            if (hasEntropy[node]) {
                es[d] += entropy[node];
                ess[d] += entropy[node] * entropy[node];
                en[d]++;
            }
        }
        double[] fMean = new double[maxDepth + 1];
        double[] fSd = new double[maxDepth + 1];
        double[] eMean = new double[maxDepth + 1];
        double[] eSd = new double[maxDepth + 1];
        absentFreqZ = new double[maxDepth + 1];
        zeroEntropyZ = new double[maxDepth + 1];
        for (int d = 1; d <= maxDepth; d++) {
            fMean[d] = fn[d] == 0 ? 0 : fs[d] / fn[d];
            fSd[d] = sd(fs[d], fss[d], fn[d]);
            eMean[d] = en[d] == 0 ? 0 : es[d] / en[d];
            eSd[d] = sd(es[d], ess[d], en[d]);
            absentFreqZ[d] = (0 - fMean[d]) / fSd[d];
            zeroEntropyZ[d] = (0 - eMean[d]) / eSd[d];
        }
        zFreq = new float[n];
        zEntropy = new float[n];
        for (int node = 1; node < n; node++) {
            int d = depths.getInt(node);
            zFreq[node] = (float) ((counts.getInt(node) - fMean[d]) / fSd[d]);
            zEntropy[node] = (float) (((hasEntropy[node] ? entropy[node] : 0) - eMean[d]) / eSd[d]);
        }
    }

    private static double sd(double s, double ss, double n) {
        if (n < 2) {
            return 1;
        }
        double var = (ss - s * s / n) / (n - 1);
        // A zero deviation (one n-gram of that length) would make every z-score infinite; 1 keeps them neutral.
        return var > 1e-12 ? Math.sqrt(var) : 1;
    }

    /** The child of {@code node} for byte {@code b}, or {@link #ABSENT}. */
    public int child(int node, int b) {
        if (node == ABSENT) {
            return ABSENT;
        }
        return edges.get(((long) node << 8) | (b & 0xff), ABSENT);
    }

    public int count(int node) {
        return node == ABSENT ? 0 : counts.getInt(node);
    }

    /** Standardized frequency of the n-gram at {@code node}; an unseen n-gram of length d scores as count 0. */
    public double zFrequency(int node, int depth) {
        return node == ABSENT ? absentFreqZ[depth] : zFreq[node];
    }

    /** Standardized successor entropy of the n-gram at {@code node} (predecessor entropy when reversed). */
    public double zBoundaryEntropy(int node, int depth) {
        return node == ABSENT ? zeroEntropyZ[depth] : zEntropy[node];
    }
}
