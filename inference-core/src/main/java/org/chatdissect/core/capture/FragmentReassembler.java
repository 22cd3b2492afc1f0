package org.chatdissect.core.capture;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Bounded IPv4/IPv6 fragment reassembly.
 *
 * <p>Accounting (so every frame stays in exactly one bucket at every moment): a fragment that does not
 * complete its datagram is counted at once under {@code ip_fragment_pending}. When the datagram
 * completes, its pending fragments move to {@code ip_fragment_reassembled} and the completing fragment
 * (whichever arrives last, not necessarily the final one) carries the reassembled datagram on to the
 * transport decoder and is counted by it. When a datagram times out, is evicted because too many are
 * pending, or is still pending at {@link #flush()}, its fragments move to {@code ip_fragment_incomplete}.
 * A fragment that cannot be used (cut by snaplen, out of bounds, contradicting its datagram) is counted
 * under {@code ip_fragment_truncated} or {@code ip_fragment_bad} and dropped.
 *
 * <p>Fragments only ever join datagrams of the same file: separate captures never share a datagram.
 */
final class FragmentReassembler {
    static final int MAX_PENDING = 1024;
    static final int MAX_DATAGRAM = 65535;
    static final long TIMEOUT_NANOS = 30_000_000_000L;

    private static final class Key {
        final long a, b, c, d;
        final int id, proto, fileIndex;

        Key(byte[] src, byte[] dst, int id, int proto, int fileIndex) {
            a = bytesToLong(src, 0);
            b = bytesToLong(src, 8);
            c = bytesToLong(dst, 0);
            d = bytesToLong(dst, 8);
            this.id = id;
            this.proto = proto;
            this.fileIndex = fileIndex;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.a == a && k.b == b && k.c == c && k.d == d && k.id == id
                    && k.proto == proto && k.fileIndex == fileIndex;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(a * 31 + b) * 961 + Long.hashCode(c * 31 + d) * 31 + id * 17 + proto + fileIndex;
        }
    }

    private static final class Datagram {
        final long firstSeen;
        byte[] data = new byte[2048];
        final BitSet units = new BitSet(); // 8-byte units received
        int total = -1; // payload length, known once the last fragment arrives
        int fragments;
        int upperProtocol = -1; // IPv6: next header after the fragment header of the first fragment

        Datagram(long firstSeen) {
            this.firstSeen = firstSeen;
        }

        boolean complete() {
            return total >= 0 && units.nextClearBit(0) >= (total + 7) / 8;
        }
    }

    private final CaptureStats stats;
    private final LinkedHashMap<Key, Datagram> pending = new LinkedHashMap<>();

    /** The last completed datagram's payload, valid until the next call. */
    byte[] completed;
    int completedLength;
    int completedUpperProtocol;

    FragmentReassembler(CaptureStats stats) {
        this.stats = stats;
    }

    /**
     * Offers one fragment; {@code version} 6 keys include no protocol (it lives in the fragment header).
     *
     * @param wireLength fragment payload length announced by the IP header
     * @return true when this fragment completes its datagram ({@link #completed} holds it); false when
     *     the fragment was counted here
     */
    boolean offer(int fileIndex, long now, byte[] src, byte[] dst, int id, int proto, int fragOffset, boolean more,
            byte[] d, int off, int capturedLength, int wireLength, int upperProtocol) {
        expire(now);
        if (capturedLength < wireLength) {
            stats.undecoded(DecodeReasons.FRAGMENT_TRUNCATED);
            return false;
        }
        // long: a wire length near 2^31 (a TSO length from a corrupt record) must not wrap below the limit
        long endL = (long) fragOffset + wireLength;
        if (wireLength < 0 || endL > MAX_DATAGRAM || (more && (wireLength & 7) != 0) || (more && wireLength == 0)) {
            stats.undecoded(DecodeReasons.FRAGMENT_BAD);
            return false;
        }
        int end = (int) endL;
        Key key = new Key(src, dst, id, proto, fileIndex);
        Datagram g = pending.get(key);
        if (g == null) {
            if (pending.size() >= MAX_PENDING) {
                Iterator<Datagram> it = pending.values().iterator();
                giveUp(it.next());
                it.remove();
            }
            g = new Datagram(now);
            pending.put(key, g);
        }
        if ((!more && g.total >= 0 && g.total != end) || (g.total >= 0 && end > g.total)) {
            stats.undecoded(DecodeReasons.FRAGMENT_BAD);
            return false;
        }
        if (g.data.length < end) {
            g.data = Arrays.copyOf(g.data, Math.min(MAX_DATAGRAM, Math.max(end, g.data.length * 2)));
        }
        System.arraycopy(d, off, g.data, fragOffset, wireLength);
        g.units.set(fragOffset >> 3, (end + 7) >> 3);
        if (!more) {
            g.total = end;
        }
        if (fragOffset == 0) {
            g.upperProtocol = upperProtocol;
        }
        if (!g.complete()) {
            g.fragments++;
            stats.undecoded(DecodeReasons.FRAGMENT_PENDING);
            return false;
        }
        pending.remove(key);
        stats.undecoded(DecodeReasons.FRAGMENT_PENDING, -g.fragments);
        stats.undecoded(DecodeReasons.FRAGMENT_REASSEMBLED, g.fragments);
        completed = g.data;
        completedLength = g.total;
        completedUpperProtocol = g.upperProtocol;
        return true;
    }

    /** Datagrams pending right now. */
    int pendingDatagrams() {
        return pending.size();
    }

    /** Gives up on every pending datagram (at the end of the input). */
    void flush() {
        for (Datagram g : pending.values()) {
            giveUp(g);
        }
        pending.clear();
    }

    private void expire(long now) {
        // Insertion order is first-seen order, so the oldest datagrams are at the head.
        Iterator<Datagram> it = pending.values().iterator();
        while (it.hasNext()) {
            Datagram g = it.next();
            if (now - g.firstSeen <= TIMEOUT_NANOS) {
                break;
            }
            giveUp(g);
            it.remove();
        }
    }

    private void giveUp(Datagram g) {
        stats.undecoded(DecodeReasons.FRAGMENT_PENDING, -g.fragments);
        stats.undecoded(DecodeReasons.FRAGMENT_INCOMPLETE, g.fragments);
    }

    private static long bytesToLong(byte[] b, int i) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (b[i + k] & 0xFF);
        }
        return v;
    }
}
