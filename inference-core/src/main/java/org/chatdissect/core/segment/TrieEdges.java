package org.chatdissect.core.segment;

import java.util.Arrays;

/**
 * The edges of {@link NgramTrie}: an open-addressing map from {@code node << 8 | byte} to the child node, with key and
 * value side by side in one {@code long[]} so that a lookup touches one cache line. VE spends most of its time here
 * (every n-gram of every sequence is looked up once per pass), and on payloads with random bytes the trie holds
 * millions of nodes, so each lookup is a cache miss; a general map keeps keys and values apart and pays two.
 */
final class TrieEdges {
    private static final long EMPTY = -1L;

    private long[] table; // [2i] key, [2i+1] value; key EMPTY marks a free slot
    private int mask;
    private int size;

    TrieEdges() {
        allocate(1 << 10);
    }

    private void allocate(int slots) {
        table = new long[2 * slots];
        Arrays.fill(table, EMPTY);
        mask = slots - 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The child for {@code key}, or {@code absent}. */
    int get(long key, int absent) {
        int i = hash(key) & mask;
        while (true) {
            long k = table[2 * i];
            if (k == key) {
                return (int) table[2 * i + 1];
            }
            if (k == EMPTY) {
                return absent;
            }
            i = (i + 1) & mask;
        }
    }

    /** Inserts {@code key -> value}; the key must be absent. */
    void put(long key, int value) {
        if (2 * (size + 1) > mask + 1) {
            grow();
        }
        insert(key, value);
        size++;
    }

    private void insert(long key, int value) {
        int i = hash(key) & mask;
        while (table[2 * i] != EMPTY) {
            i = (i + 1) & mask;
        }
        table[2 * i] = key;
        table[2 * i + 1] = value;
    }

    private void grow() {
        long[] old = table;
        allocate(2 * (mask + 1));
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                insert(old[i], (int) old[i + 1]);
            }
        }
    }
}
