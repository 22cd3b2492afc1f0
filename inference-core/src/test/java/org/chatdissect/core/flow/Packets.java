package org.chatdissect.core.flow;

import java.nio.charset.StandardCharsets;
import org.chatdissect.core.capture.DecodedPacket;

/** Builds synthetic decoded packets for flow tests; IPv4 addresses as "10.0.0.1". */
final class Packets {
    static final long SEC = 1_000_000_000L;
    private long frame;

    DecodedPacket tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack, long tsSec,
                      byte[] payload) {
        DecodedPacket p = base(src, sport, dst, dport, tsSec, payload);
        p.protocol = DecodedPacket.PROTO_TCP;
        p.tcpFlags = flags;
        p.tcpSeq = seq & 0xffffffffL;
        p.tcpAck = ack & 0xffffffffL;
        return p;
    }

    DecodedPacket tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack, long tsSec,
                      String payload) {
        return tcp(src, sport, dst, dport, flags, seq, ack, tsSec, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    DecodedPacket udp(String src, int sport, String dst, int dport, long tsSec, byte[] payload) {
        DecodedPacket p = base(src, sport, dst, dport, tsSec, payload);
        p.protocol = DecodedPacket.PROTO_UDP;
        return p;
    }

    private DecodedPacket base(String src, int sport, String dst, int dport, long tsSec, byte[] payload) {
        DecodedPacket p = new DecodedPacket();
        p.fileIndex = 0;
        p.frameNumber = ++frame;
        p.timestampNanos = tsSec * SEC;
        p.ipVersion = 4;
        v4(src, p.src);
        v4(dst, p.dst);
        p.srcPort = sport;
        p.dstPort = dport;
        // pad the payload inside a bigger array so offsets are exercised
        byte[] buf = new byte[payload.length + 7];
        System.arraycopy(payload, 0, buf, 3, payload.length);
        p.payload = buf;
        p.payloadOffset = 3;
        p.payloadLength = payload.length;
        p.payloadWireLength = payload.length;
        p.wireLength = 54 + payload.length;
        return p;
    }

    static void v4(String s, byte[] into) {
        String[] parts = s.split("\\.");
        for (int i = 0; i < 4; i++) {
            into[12 + i] = (byte) Integer.parseInt(parts[i]);
        }
    }
}
