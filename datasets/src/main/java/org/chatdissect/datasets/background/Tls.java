package org.chatdissect.datasets.background;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.Rand;

/** TLS 1.3-style records: a real ClientHello with SNI, a ServerHello, and application-data record headers. */
public final class Tls {
    private Tls() {}

    public static byte[] clientHello(SplittableRandom r, String sni) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
        // server_name
        u16(ext, 0x0000);
        u16(ext, name.length + 5);
        u16(ext, name.length + 3);
        ext.write(0);
        u16(ext, name.length);
        ext.writeBytes(name);
        // supported_groups: x25519, secp256r1
        u16(ext, 0x000a);
        u16(ext, 6);
        u16(ext, 4);
        u16(ext, 0x001d);
        u16(ext, 0x0017);
        // signature_algorithms
        u16(ext, 0x000d);
        u16(ext, 8);
        u16(ext, 6);
        u16(ext, 0x0403);
        u16(ext, 0x0804);
        u16(ext, 0x0401);
        // supported_versions: TLS 1.3, 1.2
        u16(ext, 0x002b);
        u16(ext, 5);
        ext.write(4);
        u16(ext, 0x0304);
        u16(ext, 0x0303);
        // psk_key_exchange_modes
        u16(ext, 0x002d);
        u16(ext, 2);
        ext.write(1);
        ext.write(1);
        // key_share x25519
        u16(ext, 0x0033);
        u16(ext, 38);
        u16(ext, 36);
        u16(ext, 0x001d);
        u16(ext, 32);
        ext.writeBytes(Rand.bytes(r, 32));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, 0x0303);
        body.writeBytes(Rand.bytes(r, 32));
        body.write(32);
        body.writeBytes(Rand.bytes(r, 32));
        int[] suites = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030};
        u16(body, suites.length * 2);
        for (int s : suites) {
            u16(body, s);
        }
        body.write(1);
        body.write(0);
        byte[] e = ext.toByteArray();
        u16(body, e.length);
        body.writeBytes(e);
        return record(0x16, 0x0301, handshake(1, body.toByteArray()));
    }

    /** ServerHello followed by ChangeCipherSpec, as a TLS 1.3 server sends them in the clear. */
    public static byte[] serverHello(SplittableRandom r) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, 0x0303);
        body.writeBytes(Rand.bytes(r, 32));
        body.write(32);
        body.writeBytes(Rand.bytes(r, 32));
        u16(body, 0x1301);
        body.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        u16(ext, 0x002b);
        u16(ext, 2);
        u16(ext, 0x0304);
        u16(ext, 0x0033);
        u16(ext, 36);
        u16(ext, 0x001d);
        u16(ext, 32);
        ext.writeBytes(Rand.bytes(r, 32));
        byte[] e = ext.toByteArray();
        u16(body, e.length);
        body.writeBytes(e);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(record(0x16, 0x0303, handshake(2, body.toByteArray())));
        out.writeBytes(new byte[] {0x14, 0x03, 0x03, 0x00, 0x01, 0x01});
        return out.toByteArray();
    }

    /** The 5-byte header of an application-data record whose encrypted body follows. */
    public static byte[] appDataHeader(int len) {
        return new byte[] {0x17, 0x03, 0x03, (byte) (len >>> 8), (byte) len};
    }

    private static byte[] handshake(int type, byte[] body) {
        byte[] h = new byte[4 + body.length];
        h[0] = (byte) type;
        h[1] = (byte) (body.length >>> 16);
        h[2] = (byte) (body.length >>> 8);
        h[3] = (byte) body.length;
        System.arraycopy(body, 0, h, 4, body.length);
        return h;
    }

    private static byte[] record(int type, int version, byte[] body) {
        byte[] h = new byte[5 + body.length];
        h[0] = (byte) type;
        h[1] = (byte) (version >>> 8);
        h[2] = (byte) version;
        h[3] = (byte) (body.length >>> 8);
        h[4] = (byte) body.length;
        System.arraycopy(body, 0, h, 5, body.length);
        return h;
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }
}
