package org.chatdissect.core.segment;

/**
 * The internal (frequency) expert: a field is a chunk that recurs more than its length suggests, so it splits the
 * window where the two halves have the highest summed standardized frequency (equivalently the lowest internal
 * entropy, -log p, of the two words).
 */
final class FrequencyExpert implements Expert {
    private final NgramTrie forward;

    FrequencyExpert(NgramTrie forward) {
        this.forward = forward;
    }

    @Override
    public int vote(NgramIndex idx, int start, int width) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < width; k++) {
            double s = forward.zFrequency(idx.forwardNode(start, k), k)
                    + forward.zFrequency(idx.forwardNode(start + k, width - k), width - k);
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        return best;
    }
}
