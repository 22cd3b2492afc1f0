package org.chatdissect.core.segment;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;

/**
 * Structure evidence across messages, not an ingredient of the paper: messages are aligned at their first byte and
 * every offset is a column. Where the column's normalized byte entropy jumps (by more than {@code delta}) or a
 * constant column meets a varying one, a field boundary is likely: a field's bytes share a role (magic number,
 * counter, type code, payload), neighbouring fields mostly do not. Columns reached by fewer than
 * {@code minMessages} messages carry no evidence. The result is one boundary set for the whole corpus; a message gets
 * those inside it. Meant to be combined with VE, which sees each message's own bytes (see {@link #apply}).
 */
public final class ColumnBoundaries implements Segmenter, SegmentationFilter {
    private final double delta;
    private final int minMessages;

    public ColumnBoundaries(double delta, int minMessages) {
        this.delta = delta;
        this.minMessages = minMessages;
    }

    /** Corpus-wide boundaries, ascending. */
    public int[] boundaries(List<byte[]> corpus) {
        int maxLen = 0;
        for (byte[] m : corpus) {
            maxLen = Math.max(maxLen, m.length);
        }
        double prevH = 0;
        boolean prevConst = false;
        IntArrayList out = new IntArrayList();
        int[] counts = new int[256];
        for (int i = 0; i < maxLen; i++) {
            java.util.Arrays.fill(counts, 0);
            int n = 0;
            for (byte[] m : corpus) {
                if (m.length > i) {
                    counts[m[i] & 0xff]++;
                    n++;
                }
            }
            if (n < minMessages) {
                break;
            }
            int distinct = 0;
            double h = 0;
            for (int c : counts) {
                if (c > 0) {
                    distinct++;
                    double p = (double) c / n;
                    h -= p * Math.log(p);
                }
            }
            // normalized by the most entropy n samples of a byte can show, so short columns compare with long ones
            h = n > 1 ? h / Math.log(Math.min(256, n)) : 0;
            boolean isConst = distinct == 1;
            if (i > 0 && (Math.abs(h - prevH) > delta || isConst != prevConst)) {
                out.add(i);
            }
            prevH = h;
            prevConst = isConst;
        }
        return out.toIntArray();
    }

    /** Each message's segmentation joined with the corpus-wide column boundaries that fall inside it. */
    @Override
    public List<Segmentation> apply(List<byte[]> corpus, List<Segmentation> segs) {
        int[] cols = boundaries(corpus);
        Segmentation[] out = new Segmentation[segs.size()];
        for (int k = 0; k < segs.size(); k++) {
            Segmentation s = segs.get(k);
            it.unimi.dsi.fastutil.ints.IntRBTreeSet b = new it.unimi.dsi.fastutil.ints.IntRBTreeSet(s.boundaries());
            for (int c : cols) {
                if (c < s.length()) {
                    b.add(c);
                }
            }
            out[k] = new Segmentation(s.length(), b.toIntArray());
        }
        return List.of(out);
    }

    /** The corpus-wide boundaries alone, each message getting those inside it. */
    @Override
    public List<Segmentation> segment(List<byte[]> corpus) {
        int[] cols = boundaries(corpus);
        List<Segmentation> out = new java.util.ArrayList<>(corpus.size());
        for (byte[] m : corpus) {
            out.add(new Segmentation(Math.max(1, m.length), java.util.Arrays.stream(cols).filter(c -> c < m.length)
                    .toArray()));
        }
        return out;
    }
}
