package org.chatdissect.store.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only pcap writer and reader: Ethernet frames with IPv4 or IPv6 and TCP or UDP, correct checksums, per-flow
 * TCP sequence numbers. Stands in for the project's trace generator until it lands; swap the traces then.
 */
final class TestPcap {
    /** One frame and what the test knows about it. */
    record Frame(byte[] bytes, boolean tcp, byte[] payload, String flow) {}

    private final List<Frame> frames = new ArrayList<>();
    private final Map<String, Long> seq = new HashMap<>();
    private int ipId = 1;

    List<Frame> frames() {
        return frames;
    }

    TestPcap tcp(String src, int sport, String dst, int dport, byte[] payload) {
        return tcp(src, sport, dst, dport, payload, 0x18);
    }

    /** A TCP segment; flags 0x02 SYN, 0x12 SYN-ACK, 0x10 ACK, 0x18 PSH-ACK. */
    TestPcap tcp(String src, int sport, String dst, int dport, byte[] payload, int flags) {
        String key = src + ":" + sport + ">" + dst + ":" + dport;
        String back = dst + ":" + dport + ">" + src + ":" + sport;
        long s = seq.getOrDefault(key, 1000L + Math.abs(key.hashCode() % 100000));
        long ack = seq.getOrDefault(back, 1000L + Math.abs(back.hashCode() % 100000));
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt((int) s).putInt((flags & 0x10) != 0 ? (int) ack : 0);
        t.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        t.put(payload);
        long next = s + payload.length + ((flags & 0x02) != 0 ? 1 : 0);
        seq.put(key, next);
        add(src, dst, 6, t.array(), 16, payload, true, key);
        return this;
    }

    /** SYN, SYN-ACK, ACK. */
    TestPcap handshake(String client, int cport, String server, int sport) {
        tcp(client, cport, server, sport, new byte[0], 0x02);
        tcp(server, sport, client, cport, new byte[0], 0x12);
        return tcp(client, cport, server, sport, new byte[0], 0x10);
    }

    TestPcap udp(String src, int sport, String dst, int dport, byte[] payload) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        u.put(payload);
        add(src, dst, 17, u.array(), 6, payload, false, src + ":" + sport + ">" + dst + ":" + dport);
        return this;
    }

    private void add(String src, String dst, int proto, byte[] l4, int checksumAt, byte[] payload, boolean tcp,
            String flow) {
        try {
            byte[] s = InetAddress.getByName(src).getAddress();
            byte[] d = InetAddress.getByName(dst).getAddress();
            ByteArrayOutputStream pseudo = new ByteArrayOutputStream();
            pseudo.write(s);
            pseudo.write(d);
            if (s.length == 4) {
                pseudo.write(new byte[] {0, (byte) proto, (byte) (l4.length >> 8), (byte) l4.length});
            } else {
                pseudo.write(new byte[] {0, 0, (byte) (l4.length >> 8), (byte) l4.length, 0, 0, 0, (byte) proto});
            }
            pseudo.write(l4);
            int c = checksum(pseudo.toByteArray());
            if (proto == 17 && c == 0) {
                c = 0xffff;
            }
            l4[checksumAt] = (byte) (c >> 8);
            l4[checksumAt + 1] = (byte) c;
            ByteBuffer f;
            if (s.length == 4) {
                f = ByteBuffer.allocate(Math.max(60, 14 + 20 + l4.length));
                f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
                int ipStart = f.position();
                f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) ipId++)
                        .putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0).put(s).put(d);
                byte[] hdr = new byte[20];
                System.arraycopy(f.array(), ipStart, hdr, 0, 20);
                f.putShort(ipStart + 10, (short) checksum(hdr));
                f.put(l4);
                // Ethernet padding of short frames: nonzero, so a filter that reads it as payload is caught
                while (f.hasRemaining()) {
                    f.put((byte) 0xd5);
                }
            } else {
                f = ByteBuffer.allocate(14 + 40 + l4.length);
                f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x86dd);
                f.putInt(0x60000000).putShort((short) l4.length).put((byte) proto).put((byte) 64).put(s).put(d);
                f.put(l4);
            }
            frames.add(new Frame(f.array(), tcp, payload, flow));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            int hi = b[i] & 0xff;
            int lo = i + 1 < b.length ? b[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    void write(Path p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        int i = 0;
        for (Frame f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1_700_000_000 + i).putInt(i * 1000).putInt(f.bytes().length).putInt(f.bytes().length);
            out.write(r.array());
            out.write(f.bytes());
            i++;
        }
        Files.write(p, out.toByteArray());
    }

    /** The frames of a classic pcap file (either byte order, micro- or nanosecond). */
    static List<byte[]> read(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        List<byte[]> out = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int incl = b.getInt();
            b.getInt();
            byte[] f = new byte[incl];
            b.get(f);
            out.add(f);
        }
        return out;
    }
}
