package org.chatdissect.core.segment;

/** The boundary-entropy expert: after a complete field the next byte is unpredictable. */
final class ForwardEntropyExpert implements Expert {
    private final NgramTrie forward;

    ForwardEntropyExpert(NgramTrie forward) {
        this.forward = forward;
    }

    @Override
    public int vote(NgramIndex idx, int start, int width) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < width; k++) {
            double s = forward.zBoundaryEntropy(idx.forwardNode(start, k), k);
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        return best;
    }
}
