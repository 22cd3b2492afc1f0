package org.chatdissect.datasets.net;

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
 * A capture written frame by frame, for tests that need exact bytes rather than a simulated scenario: Ethernet frames
 * with IPv4 or IPv6 and TCP or UDP, correct checksums, per-flow TCP sequence numbers (or explicit ones), written as
 * classic pcap through {@link PcapWriter}. Addresses are IP literals. Frames are numbered from 1 in the order they are
 * added; frame i is stamped {@code start + (i - 1) * step} microseconds.
 */
public final class HandCapture {
    /** TCP flags. */
    public static final int FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10;

    /** One frame and what the test knows about it: its bytes, transport, payload and flow ("src:port>dst:port"). */
    public record Frame(byte[] bytes, boolean tcp, byte[] payload, String flow) {}

    private final List<Frame> frames = new ArrayList<>();
    private final Map<String, Long> seq = new HashMap<>();
    private int ipId = 1;
    private long startMicros = 1_700_000_000_000_000L;
    private long stepMicros = 1_000_000L;
    private int vlan = -1;

    /** Time stamps: the first frame at {@code startMicros}, each next one {@code stepMicros} later. */
    public HandCapture clock(long startMicros, long stepMicros) {
        this.startMicros = startMicros;
        this.stepMicros = stepMicros;
        return this;
    }

    /** Frames added from now on carry one 802.1Q tag with this VLAN id (0-4095); -1: untagged again. */
    public HandCapture vlan(int id) {
        if (id < -1 || id > 4095) {
            throw new IllegalArgumentException("VLAN id " + id);
        }
        this.vlan = id;
        return this;
    }

    public List<Frame> frames() {
        return frames;
    }

    /** A TCP segment with PSH-ACK, sequence numbers following the flow's earlier segments. */
    public HandCapture tcp(String src, int sport, String dst, int dport, byte[] payload) {
        return tcp(src, sport, dst, dport, payload, PSH | ACK);
    }

    /** A TCP segment with the given flags, sequence numbers following the flow's earlier segments. */
    public HandCapture tcp(String src, int sport, String dst, int dport, byte[] payload, int flags) {
        String key = src + ":" + sport + ">" + dst + ":" + dport;
        String back = dst + ":" + dport + ">" + src + ":" + sport;
        long s = seq.getOrDefault(key, 1000L + Math.abs(key.hashCode() % 100000));
        long ack = seq.getOrDefault(back, 1000L + Math.abs(back.hashCode() % 100000));
        tcpAt(src, sport, dst, dport, s, (flags & ACK) != 0 ? ack : 0, flags, payload);
        seq.put(key, s + payload.length + ((flags & (SYN | FIN)) != 0 ? 1 : 0));
        return this;
    }

    /**
     * A TCP segment with explicit sequence and acknowledgement numbers (out-of-order, overlapping or framed streams).
     *
     * @return its frame number
     */
    public long tcpAt(String src, int sport, String dst, int dport, long sequence, long ack, int flags, byte[] payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt((int) sequence).putInt((int) ack);
        t.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        t.put(payload);
        add(src, dst, 6, t.array(), 16, payload, true, src + ":" + sport + ">" + dst + ":" + dport);
        return frames.size();
    }

    /** SYN, SYN-ACK, ACK. */
    public HandCapture handshake(String client, int cport, String server, int sport) {
        tcp(client, cport, server, sport, new byte[0], SYN);
        tcp(server, sport, client, cport, new byte[0], SYN | ACK);
        return tcp(client, cport, server, sport, new byte[0], ACK);
    }

    public HandCapture udp(String src, int sport, String dst, int dport, byte[] payload) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        u.put(payload);
        add(src, dst, 17, u.array(), 6, payload, false, src + ":" + sport + ">" + dst + ":" + dport);
        return this;
    }

    private void add(String src, String dst, int proto, byte[] l4, int checksumAt, byte[] payload, boolean tcp,
            String flow) {
        byte[] s = literal(src);
        byte[] d = literal(dst);
        if (s.length != d.length) {
            throw new IllegalArgumentException(src + " and " + dst + " are not of one IP version");
        }
        ByteArrayOutputStream pseudo = new ByteArrayOutputStream();
        pseudo.writeBytes(s);
        pseudo.writeBytes(d);
        if (s.length == 4) {
            pseudo.writeBytes(new byte[] {0, (byte) proto, (byte) (l4.length >> 8), (byte) l4.length});
        } else {
            pseudo.writeBytes(new byte[] {0, 0, (byte) (l4.length >> 8), (byte) l4.length, 0, 0, 0, (byte) proto});
        }
        pseudo.writeBytes(l4);
        int c = checksum(pseudo.toByteArray());
        if (proto == 17 && c == 0) {
            c = 0xffff;
        }
        l4[checksumAt] = (byte) (c >> 8);
        l4[checksumAt + 1] = (byte) c;
        ByteBuffer f;
        int tag = vlan < 0 ? 0 : 4;
        if (s.length == 4) {
            f = ByteBuffer.allocate(Math.max(60, 14 + tag + 20 + l4.length));
            ethernet(f, 0x0800);
            int ipStart = f.position();
            f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) ipId++)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0).put(s).put(d);
            byte[] hdr = new byte[20];
            System.arraycopy(f.array(), ipStart, hdr, 0, 20);
            f.putShort(ipStart + 10, (short) checksum(hdr));
            f.put(l4);
            // Ethernet padding of short frames: nonzero, so a reader that takes it for payload is caught
            while (f.hasRemaining()) {
                f.put((byte) 0xd5);
            }
        } else {
            f = ByteBuffer.allocate(14 + tag + 40 + l4.length);
            ethernet(f, 0x86dd);
            f.putInt(0x60000000).putShort((short) l4.length).put((byte) proto).put((byte) 64).put(s).put(d);
            f.put(l4);
        }
        frames.add(new Frame(f.array(), tcp, payload, flow));
    }

    /** The Ethernet header, with the 802.1Q tag when one is set. */
    private void ethernet(ByteBuffer f, int etherType) {
        f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
        if (vlan >= 0) {
            f.putShort((short) 0x8100).putShort((short) vlan);
        }
        f.putShort((short) etherType);
    }

    /** The address of an IP literal, without a name lookup. */
    private static byte[] literal(String ip) {
        if (!ip.matches("[0-9.]+") && !ip.contains(":")) {
            throw new IllegalArgumentException(ip + " is not an IP literal");
        }
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException(ip + " is not an IP literal", e);
        }
    }

    /** The Internet checksum, as the generators' frames compute it. */
    private static int checksum(byte[] b) {
        return Frames.fold(Frames.sum(b, 0, b.length, 0));
    }

    /** Writes the frames as a classic pcap (microseconds, Ethernet). */
    public Path write(Path p) {
        try (PcapWriter w = new PcapWriter(p, 65535)) {
            for (int i = 0; i < frames.size(); i++) {
                byte[] b = frames.get(i).bytes();
                w.write(startMicros + i * stepMicros, b, b.length);
            }
        }
        return p;
    }

    /** The frames of a classic pcap file (either byte order, micro- or nanosecond), to compare a tool's output. */
    public static List<byte[]> read(Path p) throws IOException {
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
