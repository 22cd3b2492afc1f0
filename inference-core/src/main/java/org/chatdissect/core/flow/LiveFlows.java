package org.chatdissect.core.flow;

import java.util.Arrays;

/**
 * The flow table's index of live flows by 5-tuple: open addressing with linear probing and backward-shift
 * deletion, keyed by the entries' own copy of the {@link FlowKey} fields, with each slot's hash in a parallel
 * array, so a lookup calls no {@code equals}/{@code hashCode}, allocates nothing, and a probe step that cannot
 * match touches no entry. The table halves when it empties below an eighth, so memory follows the live flows.
 *
 * <p>Replaces fastutil's {@code Object2ObjectOpenHashMap<FlowKey, …>} on the per-packet path; the map stays
 * the reference in {@code LiveFlowsDifferentialTest}, and {@code bench.match.FlowLookupBench} measures both
 * (docs/benchmarks.md). Public only for that benchmark: not an API.
 *
 * @param <E> entry type
 */
public final class LiveFlows<E extends LiveFlows.Entry> {
    /** A stored flow: the tuple of the key it was inserted with. */
    public abstract static class Entry {
        final int hash;
        final int protocol;
        final int ipVersion;
        final long aHi;
        final long aLo;
        final int aPort;
        final long bHi;
        final long bLo;
        final int bPort;

        protected Entry(FlowKey k) {
            this.hash = k.hashCode();
            this.protocol = k.protocol;
            this.ipVersion = k.ipVersion;
            this.aHi = k.aHi;
            this.aLo = k.aLo;
            this.aPort = k.aPort;
            this.bHi = k.bHi;
            this.bLo = k.bLo;
            this.bPort = k.bPort;
        }

        /** Same as {@link FlowKey#equals} against the key this entry was created with (hashes already equal). */
        final boolean sameTuple(FlowKey k) {
            return k.aLo == aLo && k.bLo == bLo && k.aPort == aPort && k.bPort == bPort && k.aHi == aHi
                    && k.bHi == bHi && k.protocol == protocol && k.ipVersion == ipVersion;
        }
    }

    private static final int MIN_CAPACITY = 1 << 10;
    private Entry[] slots = new Entry[MIN_CAPACITY];
    private int[] hashes = new int[MIN_CAPACITY];
    private int mask = MIN_CAPACITY - 1;
    private int shift = 32 - 10;
    private int size;

    public int size() {
        return size;
    }

    /** Slots allocated (for tests of the shrinking). */
    int capacity() {
        return slots.length;
    }

    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** The entry with the key's tuple, or null. */
    @SuppressWarnings("unchecked")
    public E find(FlowKey k) {
        Entry[] t = slots;
        int[] hs = hashes;
        int h = k.hashCode();
        int i = home(h);
        Entry e;
        while ((e = t[i]) != null) {
            if (hs[i] == h && e.sameTuple(k)) {
                return (E) e;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Adds an entry whose tuple is not present (the caller looked it up first). */
    public void insert(E e) {
        if (size + 1 > (slots.length >> 1) + (slots.length >> 2)) {
            resize(slots.length << 1);
        }
        place(e);
        size++;
    }

    private void place(Entry e) {
        int i = home(e.hash);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = e;
        hashes[i] = e.hash;
    }

    /** Removes this entry (by identity); absent entries are ignored. */
    public void delete(E e) {
        int i = home(e.hash);
        while (slots[i] != e) {
            if (slots[i] == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = null;
        size--;
        // backward shift: pull later members of the probe run into the hole when their home allows it
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            Entry x = slots[j];
            if (x == null) {
                break;
            }
            int h = home(hashes[j]);
            boolean stays = i <= j ? (h > i && h <= j) : (h > i || h <= j);
            if (!stays) {
                slots[i] = x;
                hashes[i] = hashes[j];
                slots[j] = null;
                i = j;
            }
        }
        if (slots.length > MIN_CAPACITY && size < slots.length >> 3) {
            resize(slots.length >> 1);
        }
    }

    private void resize(int capacity) {
        Entry[] old = slots;
        slots = new Entry[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        for (Entry e : old) {
            if (e != null) {
                place(e);
            }
        }
    }

    /** The entries, in no particular order, into {@code out} (of length {@link #size()}). */
    @SuppressWarnings("unchecked")
    public E[] toArray(E[] out) {
        int n = 0;
        for (Entry e : slots) {
            if (e != null) {
                out[n++] = (E) e;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
