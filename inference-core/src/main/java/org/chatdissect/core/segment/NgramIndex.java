package org.chatdissect.core.segment;

/**
 * The trie nodes of every substring (up to the window length) of one sequence, looked up once so that the experts
 * score all windows with array reads instead of repeated trie walks.
 */
final class NgramIndex {
    private final int[][] forward;  // forward[i][len]: node of seq[i, i+len) in the forward trie
    private final int[][] backward; // backward[j][len]: node of seq[j-len, j) in the reversed trie
    private final int length;

    NgramIndex(byte[] seq, NgramTrie fwd, NgramTrie bwd, int maxLen) {
        length = seq.length;
        forward = new int[length + 1][maxLen + 1];
        backward = new int[length + 1][maxLen + 1];
        for (int i = 0; i < length; i++) {
            int node = 0;
            for (int len = 1; len <= maxLen && i + len <= length; len++) {
                node = fwd.child(node, seq[i + len - 1]);
                forward[i][len] = node;
            }
        }
        for (int j = 1; j <= length; j++) {
            int node = 0;
            for (int len = 1; len <= maxLen && j - len >= 0; len++) {
                node = bwd.child(node, seq[j - len]);
                backward[j][len] = node;
            }
        }
    }

    int length() {
        return length;
    }

    int forwardNode(int start, int len) {
        return forward[start][len];
    }

    int backwardNode(int end, int len) {
        return backward[end][len];
    }
}
