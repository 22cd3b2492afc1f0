package org.chatdissect.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Minimal pcap reader for tests: frames with their L4 fields decoded (Ethernet, 802.1Q, IPv4/IPv6). */
final class PcapFile {
    record Frame(int number, long tsMicros, byte[] data, int origLen, String src, int sport, String dst, int dport,
                 int proto, long seq, long ack, int flags, byte[] payload) {
        String key() {
            return proto + " " + src + " " + sport + " " + dst + " " + dport;
        }
    }

    static List<Frame> read(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != 0xa1b2c3d4) {
            throw new IOException("not a microsecond little-endian pcap");
        }
        b.position(24);
        List<Frame> out = new ArrayList<>();
        int n = 0;
        while (b.remaining() >= 16) {
            long sec = b.getInt() & 0xffffffffL;
            long us = b.getInt() & 0xffffffffL;
            int incl = b.getInt();
            int orig = b.getInt();
            byte[] d = new byte[incl];
            b.get(d);
            out.add(decode(++n, sec * 1_000_000 + us, d, orig));
        }
        return out;
    }

    private static Frame decode(int n, long ts, byte[] d, int orig) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(d);
        int o = 12;
        int et = b.getShort(o) & 0xffff;
        if (et == 0x8100) {
            o += 4;
            et = b.getShort(o) & 0xffff;
        }
        o += 2;
        String src;
        String dst;
        int proto;
        int l4;
        int l4len;
        if (et == 0x0800) {
            int ihl = (d[o] & 0x0f) * 4;
            proto = d[o + 9] & 0xff;
            src = java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(d, o + 12, o + 16)).getHostAddress();
            dst = java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(d, o + 16, o + 20)).getHostAddress();
            l4 = o + ihl;
            l4len = (b.getShort(o + 2) & 0xffff) - ihl;
        } else if (et == 0x86dd) {
            proto = d[o + 6] & 0xff;
            src = java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(d, o + 8, o + 24)).getHostAddress();
            dst = java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(d, o + 24, o + 40)).getHostAddress();
            l4 = o + 40;
            l4len = b.getShort(o + 4) & 0xffff;
        } else {
            throw new IOException("frame " + n + ": ethertype " + Integer.toHexString(et));
        }
        int sport = b.getShort(l4) & 0xffff;
        int dport = b.getShort(l4 + 2) & 0xffff;
        long seq = 0;
        long ack = 0;
        int flags = 0;
        int payOff;
        if (proto == 6) {
            seq = b.getInt(l4 + 4) & 0xffffffffL;
            ack = b.getInt(l4 + 8) & 0xffffffffL;
            flags = d[l4 + 13] & 0xff;
            payOff = l4 + ((d[l4 + 12] & 0xf0) >>> 4) * 4;
        } else {
            payOff = l4 + 8;
        }
        int payEnd = Math.min(d.length, l4 + l4len);
        byte[] pay = java.util.Arrays.copyOfRange(d, payOff, Math.max(payOff, payEnd));
        return new Frame(n, ts, d, orig, src, sport, dst, dport, proto, seq, ack, flags, pay);
    }
}
