package org.chatdissect.core.flow;

import org.chatdissect.core.capture.DecodedPacket;

/**
 * Direction-free 5-tuple: the two endpoints are stored in a canonical order (smaller address/port
 * first) so both directions of a conversation hash alike. Mutable so that the table can probe with one
 * reused instance; instances stored as map keys are never mutated.
 */
public final class FlowKey {
    int protocol;
    int ipVersion;
    long aHi;
    long aLo;
    int aPort;
    long bHi;
    long bLo;
    int bPort;
    private int hash;

    /** Loads the packet's tuple; no allocation. */
    public FlowKey set(DecodedPacket p) {
        long sHi;
        long sLo;
        long dHi;
        long dLo;
        if (p.addressWords) { // the decoder's words: same values as reading the arrays
            sHi = p.srcHi;
            sLo = p.srcLo;
            dHi = p.dstHi;
            dLo = p.dstLo;
        } else {
            sHi = readLong(p.src, 0);
            sLo = readLong(p.src, 8);
            dHi = readLong(p.dst, 0);
            dLo = readLong(p.dst, 8);
        }
        protocol = p.protocol;
        ipVersion = p.ipVersion;
        if (compare(sHi, sLo, p.srcPort, dHi, dLo, p.dstPort) <= 0) {
            aHi = sHi; aLo = sLo; aPort = p.srcPort;
            bHi = dHi; bLo = dLo; bPort = p.dstPort;
        } else {
            aHi = dHi; aLo = dLo; aPort = p.dstPort;
            bHi = sHi; bLo = sLo; bPort = p.srcPort;
        }
        int h = protocol * 31 + ipVersion;
        h = h * 31 + Long.hashCode(aHi);
        h = h * 31 + Long.hashCode(aLo);
        h = h * 31 + aPort;
        h = h * 31 + Long.hashCode(bHi);
        h = h * 31 + Long.hashCode(bLo);
        h = h * 31 + bPort;
        hash = h ^ (h >>> 16);
        return this;
    }

    public FlowKey copy() {
        FlowKey k = new FlowKey();
        k.protocol = protocol;
        k.ipVersion = ipVersion;
        k.aHi = aHi; k.aLo = aLo; k.aPort = aPort;
        k.bHi = bHi; k.bLo = bLo; k.bPort = bPort;
        k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.hash == hash && k.protocol == protocol && k.ipVersion == ipVersion
                && k.aHi == aHi && k.aLo == aLo && k.aPort == aPort
                && k.bHi == bHi && k.bLo == bLo && k.bPort == bPort;
    }

    private static int compare(long hi1, long lo1, int port1, long hi2, long lo2, int port2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c == 0) {
            c = Long.compareUnsigned(lo1, lo2);
        }
        return c != 0 ? c : Integer.compare(port1, port2);
    }

    /** Big-endian long at {@code off}, unrolled: the bulk path runs on C1, which does not unroll loops. */
    static long readLong(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 56) | ((long) (b[off + 1] & 0xff) << 48)
                | ((long) (b[off + 2] & 0xff) << 40) | ((long) (b[off + 3] & 0xff) << 32)
                | ((long) (b[off + 4] & 0xff) << 24) | ((b[off + 5] & 0xff) << 16)
                | ((b[off + 6] & 0xff) << 8) | (b[off + 7] & 0xff);
    }
}
