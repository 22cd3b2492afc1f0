package org.chatdissect.datasets.net;

/**
 * Builds Ethernet (optionally 802.1Q) + IPv4/IPv6 + TCP/UDP frames with correct checksums. Stateless:
 * the frame is assembled in a fresh array so it can wait in the time-ordering queue.
 */
public final class Frames {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    public static final int PROTO_TCP = 6, PROTO_UDP = 17;

    private Frames() {}

    public static int l2l3Len(Host src, int vlan) {
        return 14 + (vlan != 0 ? 4 : 0) + (src.v6() ? 40 : 20);
    }

    /** Builds a TCP frame; the payload bytes come from {@code p} at message offset {@code pOff}. */
    public static byte[] tcp(Host src, int sport, Host dst, int dport, long seq, long ack, int flags, int win,
                             byte[] options, Payload p, long pOff, int plen, int ipId, int ttl, int vlan) {
        int optLen = options == null ? 0 : options.length;
        int l4 = 20 + optLen + plen;
        int hdr = l2l3Len(src, vlan);
        byte[] f = new byte[hdr + l4];
        int o = link(f, src, dst, vlan, l4, PROTO_TCP, ipId, ttl);
        put16(f, o, sport);
        put16(f, o + 2, dport);
        put32(f, o + 4, seq);
        put32(f, o + 8, ack);
        f[o + 12] = (byte) (((20 + optLen) / 4) << 4);
        f[o + 13] = (byte) flags;
        put16(f, o + 14, win);
        if (optLen > 0) {
            System.arraycopy(options, 0, f, o + 20, optLen);
        }
        if (plen > 0) {
            p.fill(f, o + 20 + optLen, pOff, plen);
        }
        int c = l4Checksum(f, src, o, l4, PROTO_TCP);
        put16(f, o + 16, c);
        return f;
    }

    public static byte[] udp(Host src, int sport, Host dst, int dport, Payload p, int plen, int ipId, int ttl, int vlan) {
        int l4 = 8 + plen;
        byte[] f = new byte[l2l3Len(src, vlan) + l4];
        int o = link(f, src, dst, vlan, l4, PROTO_UDP, ipId, ttl);
        put16(f, o, sport);
        put16(f, o + 2, dport);
        put16(f, o + 4, l4);
        p.fill(f, o + 8, 0, plen);
        int c = l4Checksum(f, src, o, l4, PROTO_UDP);
        put16(f, o + 6, c == 0 ? 0xffff : c);
        return f;
    }

    private static int link(byte[] f, Host src, Host dst, int vlan, int l4, int proto, int ipId, int ttl) {
        System.arraycopy(dst.mac(), 0, f, 0, 6);
        System.arraycopy(src.mac(), 0, f, 6, 6);
        int o = 12;
        if (vlan != 0) {
            put16(f, o, 0x8100);
            put16(f, o + 2, vlan & 0x0fff);
            o += 4;
        }
        if (src.v6()) {
            put16(f, o, 0x86dd);
            o += 2;
            f[o] = 0x60;
            put16(f, o + 4, l4);
            f[o + 6] = (byte) proto;
            f[o + 7] = (byte) ttl;
            System.arraycopy(src.ip(), 0, f, o + 8, 16);
            System.arraycopy(dst.ip(), 0, f, o + 24, 16);
            return o + 40;
        }
        put16(f, o, 0x0800);
        o += 2;
        f[o] = 0x45;
        put16(f, o + 2, 20 + l4);
        put16(f, o + 4, ipId);
        f[o + 6] = 0x40; // DF: the simulators never fragment at IP level
        f[o + 8] = (byte) ttl;
        f[o + 9] = (byte) proto;
        System.arraycopy(src.ip(), 0, f, o + 12, 4);
        System.arraycopy(dst.ip(), 0, f, o + 16, 4);
        put16(f, o + 10, fold(sum(f, o, 20, 0)));
        return o + 20;
    }

    private static int l4Checksum(byte[] f, Host src, int o, int l4, int proto) {
        int ipOff = o - (src.v6() ? 40 : 20);
        long s;
        if (src.v6()) {
            s = sum(f, ipOff + 8, 32, 0);
        } else {
            s = sum(f, ipOff + 12, 8, 0);
        }
        s += proto + l4;
        return fold(sum(f, o, l4, s));
    }

    static long sum(byte[] b, int off, int len, long acc) {
        int i = off;
        int end = off + len - 1;
        while (i < end) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
        }
        if (i == end) {
            acc += (b[i] & 0xff) << 8;
        }
        return acc;
    }

    static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    public static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    public static void put32(byte[] b, int o, long v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }
}
