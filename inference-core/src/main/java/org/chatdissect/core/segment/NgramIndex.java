package org.chatdissect.core.segment;

/**
 * The trie nodes of every substring (up to the window length) of one sequence, looked up once so that the experts
 * score all windows with array reads instead of repeated trie walks.
 */
final class NgramIndex {
    // Flat arrays (one allocation each instead of one per position; this runs once per sequence and VE pass):
    private final int[] forward;  // forward[i*stride+len]: node of seq[i, i+len) in the forward trie
    private final int[] backward; // backward[j*stride+len]: node of seq[j-len, j) in the reversed trie
    private final int length;
    private final int stride;

    NgramIndex(byte[] seq, NgramTrie fwd, NgramTrie bwd, int maxLen) {
        length = seq.length;
        stride = maxLen + 1;
        forward = new int[(length + 1) * stride];
        backward = new int[(length + 1) * stride];
        for (int i = 0; i < length; i++) {
            int node = 0;
            for (int len = 1; len <= maxLen && i + len <= length; len++) {
                node = fwd.child(node, seq[i + len - 1]);
                forward[i * stride + len] = node;
            }
        }
        for (int j = 1; j <= length; j++) {
            int node = 0;
            for (int len = 1; len <= maxLen && j - len >= 0; len++) {
                node = bwd.child(node, seq[j - len]);
                backward[j * stride + len] = node;
            }
        }
    }

    int length() {
        return length;
    }

    int forwardNode(int start, int len) {
        return forward[start * stride + len];
    }

    int backwardNode(int end, int len) {
        return backward[end * stride + len];
    }
}
