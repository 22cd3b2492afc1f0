package org.chatdissect.core.flow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A real-shaped TLS 1.2/1.3 ClientHello record, built field by field after RFC 8446 section 4.1.2. */
public final class TlsBytes {
    private TlsBytes() {}

    public static byte[] clientHello(String sni) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3); body.write(3);                    // legacy_version TLS 1.2
        body.writeBytes(new byte[32]);                   // random
        body.write(32); body.writeBytes(new byte[32]);   // legacy_session_id
        u16(body, 4); u16(body, 0x1301); u16(body, 0xc02f); // cipher_suites
        body.write(1); body.write(0);                    // compression: null
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        // supported_versions first so SNI is not the first extension
        u16(ext, 43); u16(ext, 3); ext.write(2); u16(ext, 0x0304);
        if (sni != null) {
            byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
            u16(ext, 0);                   // server_name
            u16(ext, name.length + 5);
            u16(ext, name.length + 3);     // server_name_list
            ext.write(0);                  // host_name
            u16(ext, name.length);
            ext.writeBytes(name);
        }
        u16(ext, 0x0a); u16(ext, 4); u16(ext, 2); u16(ext, 0x001d); // supported_groups
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(22); rec.write(3); rec.write(1);       // handshake record, legacy record version TLS 1.0
        u16(rec, body.size() + 4);
        rec.write(1);                                    // client_hello
        rec.write(0); u16(rec, body.size());
        rec.writeBytes(body.toByteArray());
        return rec.toByteArray();
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >>> 8);
        o.write(v & 0xff);
    }
}
