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
        // Depth by depth rather than start by start: the lookups of one depth are independent, so the CPU can
        // overlap their cache misses (the trie is far larger than the caches; a start-by-start walk waits for each
        // miss in turn and was most of VE's time). Same nodes either way.
        if (length == 0) {
            return;
        }
        for (int i = 0; i < length; i++) {
            forward[i * stride + 1] = fwd.child(0, seq[i]);
        }
        for (int len = 2; len <= maxLen && len <= length; len++) {
            for (int i = 0; i + len <= length; i++) {
                forward[i * stride + len] = fwd.child(forward[i * stride + len - 1], seq[i + len - 1]);
            }
        }
        for (int j = 1; j <= length; j++) {
            backward[j * stride + 1] = bwd.child(0, seq[j - 1]);
        }
        for (int len = 2; len <= maxLen && len <= length; len++) {
            for (int j = len; j <= length; j++) {
                backward[j * stride + len] = bwd.child(backward[j * stride + len - 1], seq[j - len]);
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
