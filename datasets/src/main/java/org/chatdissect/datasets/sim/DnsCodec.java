package org.chatdissect.datasets.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** DNS wire format (RFC 1035): a one-question query and its answer, with name compression in answers. */
public final class DnsCodec {
    public static final int A = 1, CNAME = 5, AAAA = 28;

    private DnsCodec() {}

    public static byte[] query(int id, String name, int qtype) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        header(b, id, 0x0100, 1, 0);
        question(b, name, qtype);
        return b.toByteArray();
    }

    /**
     * Response; if {@code cname} is non-null the first answer is a CNAME (owner compressed to the question) and
     * the address records point back at the CNAME target, as resolvers commonly answer for CDN names.
     */
    public static byte[] response(int id, String name, int qtype, String cname, byte[][] addrs, int ttl) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        header(b, id, 0x8180, 1, addrs.length + (cname != null ? 1 : 0));
        question(b, name, qtype);
        int owner = 12;
        if (cname != null) {
            ptr(b, 12);
            u16(b, CNAME);
            u16(b, 1);
            u32(b, ttl);
            byte[] enc = labels(cname);
            u16(b, enc.length);
            owner = b.size();
            b.writeBytes(enc);
        }
        for (byte[] a : addrs) {
            ptr(b, owner);
            u16(b, a.length == 16 ? AAAA : A);
            u16(b, 1);
            u32(b, ttl);
            u16(b, a.length);
            b.writeBytes(a);
        }
        return b.toByteArray();
    }

    private static void header(ByteArrayOutputStream b, int id, int flags, int qd, int an) {
        u16(b, id);
        u16(b, flags);
        u16(b, qd);
        u16(b, an);
        u16(b, 0);
        u16(b, 0);
    }

    private static void question(ByteArrayOutputStream b, String name, int qtype) {
        b.writeBytes(labels(name));
        u16(b, qtype);
        u16(b, 1);
    }

    static byte[] labels(String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String l : name.split("\\.")) {
            byte[] x = l.getBytes(StandardCharsets.US_ASCII);
            b.write(x.length);
            b.writeBytes(x);
        }
        b.write(0);
        return b.toByteArray();
    }

    private static void ptr(ByteArrayOutputStream b, int off) {
        u16(b, 0xC000 | off);
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }

    private static void u32(ByteArrayOutputStream b, int v) {
        u16(b, v >>> 16);
        u16(b, v & 0xffff);
    }
}
