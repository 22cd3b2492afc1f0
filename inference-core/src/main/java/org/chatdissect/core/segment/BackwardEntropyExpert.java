package org.chatdissect.core.segment;

/**
 * Boundary entropy read right to left (as in bidirectional VE): before the start of a field the previous byte is
 * unpredictable. Catches boundaries in front of fixed fields that follow variable ones.
 */
final class BackwardEntropyExpert implements Expert {
    private final NgramTrie backward;

    BackwardEntropyExpert(NgramTrie backward) {
        this.backward = backward;
    }

    @Override
    public int vote(NgramIndex idx, int start, int width) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        int end = start + width;
        for (int k = 1; k < width; k++) {
            double s = backward.zBoundaryEntropy(idx.backwardNode(end, width - k), width - k);
            // >= so that among ties the boundary nearest the window end wins, mirroring the forward expert.
            if (s >= bestScore) {
                bestScore = s;
                best = k;
            }
        }
        return best;
    }
}
