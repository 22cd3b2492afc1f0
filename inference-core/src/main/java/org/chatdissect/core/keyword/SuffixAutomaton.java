package org.chatdissect.core.keyword;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.List;

/**
 * Generalized suffix automaton of a set of strings: every substring class (state) with the total weight of the
 * distinct strings containing it. Linear in the total length, which replaces the quadratic pairwise LCS.
 */
final class SuffixAutomaton {
    final IntArrayList len = new IntArrayList();
    final IntArrayList link = new IntArrayList();
    final IntArrayList endPos = new IntArrayList();   // end (exclusive) of one occurrence of the longest string
    final IntArrayList strId = new IntArrayList();    // the string holding that occurrence
    final Long2IntOpenHashMap next = new Long2IntOpenHashMap();
    final java.util.List<it.unimi.dsi.fastutil.chars.CharArrayList> outChars = new java.util.ArrayList<>();
    long[] weight;

    SuffixAutomaton(List<String> strings, long[] weights) {
        next.defaultReturnValue(-1);
        newState(0, -1, 0, 0);
        for (int s = 0; s < strings.size(); s++) {
            String str = strings.get(s);
            int last = 0;
            for (int i = 0; i < str.length(); i++) {
                last = extend(last, str.charAt(i), i + 1, s);
            }
        }
        countContaining(strings, weights);
    }

    private int newState(int l, int lk, int end, int id) {
        len.add(l);
        link.add(lk);
        endPos.add(end);
        strId.add(id);
        outChars.add(new it.unimi.dsi.fastutil.chars.CharArrayList(2));
        return len.size() - 1;
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private int extend(int last, char c, int end, int id) {
        int existing = next.get(key(last, c));
        if (existing != -1) {
            // Generalized construction: the transition exists from an earlier string.
            if (len.getInt(last) + 1 == len.getInt(existing)) {
                return existing;
            }
            return split(last, c, existing, end, id);
        }
        int cur = newState(len.getInt(last) + 1, 0, end, id);
        int p = last;
        while (p != -1 && next.get(key(p, c)) == -1) {
            setEdge(p, c, cur);
            p = link.getInt(p);
        }
        if (p == -1) {
            link.set(cur, 0);
        } else {
            int q = next.get(key(p, c));
            if (len.getInt(p) + 1 == len.getInt(q)) {
                link.set(cur, q);
            } else {
                int clone = cloneOf(q, len.getInt(p) + 1);
                while (p != -1 && next.get(key(p, c)) == q) {
                    setEdge(p, c, clone);
                    p = link.getInt(p);
                }
                link.set(q, clone);
                link.set(cur, clone);
            }
        }
        return cur;
    }

    private int split(int p, char c, int q, int end, int id) {
        int clone = cloneOf(q, len.getInt(p) + 1);
        while (p != -1 && next.get(key(p, c)) == q) {
            setEdge(p, c, clone);
            p = link.getInt(p);
        }
        link.set(q, clone);
        return clone;
    }

    private int cloneOf(int q, int newLen) {
        int clone = newState(newLen, link.getInt(q), endPos.getInt(q), strId.getInt(q));
        for (char ch : transitionsOf(q)) {
            setEdge(clone, ch, next.get(key(q, ch)));
        }
        return clone;
    }

    /** Outgoing characters of a state. */
    char[] transitionsOf(int state) {
        return outChars.get(state).toCharArray();
    }

    private void setEdge(int state, char c, int target) {
        if (next.put(key(state, c), target) == -1) {
            outChars.get(state).add(c);
        }
    }

    /** For every state, the total weight of the distinct strings containing one of its substrings. */
    private void countContaining(List<String> strings, long[] weights) {
        int n = len.size();
        weight = new long[n];
        int[] lastSeen = new int[n];
        java.util.Arrays.fill(lastSeen, -1);
        for (int s = 0; s < strings.size(); s++) {
            String str = strings.get(s);
            int st = 0;
            for (int i = 0; i < str.length(); i++) {
                st = next.get(key(st, str.charAt(i)));
                for (int v = st; v > 0 && lastSeen[v] != s; v = link.getInt(v)) {
                    lastSeen[v] = s;
                    weight[v] += weights[s];
                }
            }
        }
    }

    int size() {
        return len.size();
    }

    String longest(List<String> strings, int state) {
        int e = endPos.getInt(state);
        return strings.get(strId.getInt(state)).substring(e - len.getInt(state), e);
    }
}
