package org.chatdissect.core.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A tiny test-only writer of frames, pcap and pcapng files. */
final class TestCaptures {
    private TestCaptures() {}

    static final byte[] A4 = {10, 0, 0, 1};
    static final byte[] B4 = {10, 0, 0, 2};
    static final byte[] A6 = addr6(1);
    static final byte[] B6 = addr6(2);

    static byte[] addr6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[15] = (byte) last;
        return a;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    // ---- transport

    static byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    // ---- network

    static byte[] ipv4(int proto, byte[] options, int id, boolean more, int fragOffset, byte[] l4) {
        int ihl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(ihl + l4.length);
        b.put((byte) (0x40 | (ihl / 4))).put((byte) 0).putShort((short) (ihl + l4.length));
        b.putShort((short) id).putShort((short) ((more ? 0x2000 : 0) | (fragOffset / 8)));
        b.put((byte) 64).put((byte) proto).putShort((short) 0).put(A4).put(B4).put(options).put(l4);
        return b.array();
    }

    static byte[] ipv4(int proto, byte[] l4) {
        return ipv4(proto, new byte[0], 1, false, 0, l4);
    }

    /** IPv6 with {@code ext} already chained: {@code next} is the first next-header value. */
    static byte[] ipv6(int next, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(40 + rest.length);
        b.putInt(0x60000000).putShort((short) rest.length).put((byte) next).put((byte) 64).put(A6).put(B6).put(rest);
        return b.array();
    }

    static byte[] ipv6FragmentHeader(int next, int offset, boolean more, int id) {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) next).put((byte) 0).putShort((short) (offset | (more ? 1 : 0))).putInt(id);
        return b.array();
    }

    // ---- link

    static byte[] eth(int type, byte[] l3) {
        return ethTagged(new int[0], type, l3);
    }

    /** Ethernet with a stack of tags: each tpid is followed by a TCI then the next type. */
    static byte[] ethTagged(int[] tpids, int type, byte[] l3) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * tpids.length + l3.length);
        b.put(bytes(0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10));
        for (int i = 0; i < tpids.length; i++) {
            b.putShort((short) tpids[i]).putShort((short) (100 + i));
        }
        b.putShort((short) type).put(l3);
        return b.array();
    }

    static byte[] pppoe(int pppProto, byte[] l3) {
        ByteBuffer b = ByteBuffer.allocate(8 + l3.length);
        b.put((byte) 0x11).put((byte) 0).putShort((short) 7).putShort((short) (2 + l3.length))
                .putShort((short) pppProto).put(l3);
        return eth(0x8864, b.array());
    }

    static byte[] sll2(int proto, byte[] l3) {
        ByteBuffer b = ByteBuffer.allocate(20 + l3.length);
        b.putShort((short) proto).putShort((short) 0).putInt(3).putShort((short) 1).put((byte) 0).put((byte) 6);
        b.put(bytes(1, 2, 3, 4, 5, 6, 0, 0)).put(l3);
        return b.array();
    }

    static byte[] sll(int proto, byte[] l3) {
        ByteBuffer b = ByteBuffer.allocate(16 + l3.length);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(bytes(1, 2, 3, 4, 5, 6, 0, 0));
        b.putShort((short) proto).put(l3);
        return b.array();
    }

    static byte[] nullHeader(ByteOrder order, int family, byte[] l3) {
        return concat(ByteBuffer.allocate(4).order(order).putInt(family).array(), l3);
    }

    // ---- files

    record Rec(long tsNanos, byte[] data, int origLen) {
        Rec(long tsNanos, byte[] data) {
            this(tsNanos, data, data.length);
        }
    }

    static byte[] pcap(ByteOrder order, boolean nanos, int linkType, List<Rec> recs) {
        return pcap(order, nanos, linkType, 262144, recs);
    }

    static byte[] pcap(ByteOrder order, boolean nanos, int linkType, long snaplen, List<Rec> recs) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt((int) snaplen).putInt(linkType);
        o.writeBytes(h.array());
        for (Rec r : recs) {
            ByteBuffer rh = ByteBuffer.allocate(16).order(order);
            long sec = r.tsNanos / 1_000_000_000L;
            long frac = r.tsNanos % 1_000_000_000L;
            rh.putInt((int) sec).putInt((int) (nanos ? frac : frac / 1000)).putInt(r.data.length).putInt(r.origLen);
            o.writeBytes(rh.array());
            o.writeBytes(r.data);
        }
        return o.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(o)) {
            gz.write(data);
        }
        return o.toByteArray();
    }

    /** pcapng builder: blocks in the order added. */
    static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        Pcapng shb(ByteOrder o) {
            order = o;
            ByteBuffer body = ByteBuffer.allocate(16).order(o);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0A0D0D0A, body.array());
        }

        /** tsresol < 0: no option (microseconds). */
        Pcapng idb(int linkType, int snaplen, int tsresol, long tsoffsetSec) {
            List<byte[]> opts = new ArrayList<>();
            if (tsresol >= 0) {
                opts.add(option(9, TestCaptures.bytes(tsresol)));
            }
            if (tsoffsetSec != 0) {
                opts.add(option(14, ByteBuffer.allocate(8).order(order).putLong(tsoffsetSec).array()));
            }
            opts.add(option(0, new byte[0]));
            ByteBuffer head = ByteBuffer.allocate(8).order(order);
            head.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            return block(1, concat(head.array(), concat(opts.toArray(new byte[0][]))));
        }

        Pcapng epb(int ifId, long tsUnits, byte[] data, int origLen) {
            ByteBuffer head = ByteBuffer.allocate(20).order(order);
            head.putInt(ifId).putInt((int) (tsUnits >>> 32)).putInt((int) tsUnits).putInt(data.length).putInt(origLen);
            return block(6, concat(head.array(), pad(data)));
        }

        Pcapng obsoletePacket(int ifId, long tsUnits, byte[] data) {
            ByteBuffer head = ByteBuffer.allocate(20).order(order);
            head.putShort((short) ifId).putShort((short) 0).putInt((int) (tsUnits >>> 32)).putInt((int) tsUnits)
                    .putInt(data.length).putInt(data.length);
            return block(2, concat(head.array(), pad(data)));
        }

        Pcapng spb(byte[] data, int origLen) {
            ByteBuffer head = ByteBuffer.allocate(4).order(order).putInt(origLen);
            return block(3, concat(head.array(), pad(data)));
        }

        Pcapng other(int type, int bodyLen) {
            return block(type, new byte[bodyLen]);
        }

        Pcapng block(int type, byte[] body) {
            byte[] b = pad(body);
            ByteBuffer bb = ByteBuffer.allocate(12 + b.length).order(order);
            bb.putInt(type).putInt(12 + b.length).put(b).putInt(12 + b.length);
            out.writeBytes(bb.array());
            return this;
        }

        private byte[] option(int code, byte[] value) {
            ByteBuffer b = ByteBuffer.allocate(4).order(order).putShort((short) code).putShort((short) value.length);
            return concat(b.array(), pad(value));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] pad(byte[] b) {
        int n = (b.length + 3) & ~3;
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }

    /** The decoder's address words hold the same values as its address arrays (the flow table keys by them). */
    static void assertAddressWords(DecodedPacket d, String at) {
        org.junit.jupiter.api.Assertions.assertTrue(d.addressWords, at);
        java.nio.ByteBuffer s = java.nio.ByteBuffer.wrap(d.src);
        java.nio.ByteBuffer t = java.nio.ByteBuffer.wrap(d.dst);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {s.getLong(0), s.getLong(8), t.getLong(0), t.getLong(8)},
                new long[] {d.srcHi, d.srcLo, d.dstHi, d.dstLo}, at);
    }
}
