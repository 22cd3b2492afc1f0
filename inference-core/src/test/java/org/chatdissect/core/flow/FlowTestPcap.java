package org.chatdissect.core.flow;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.chatdissect.core.capture.DecodedPacket;

/**
 * A deliberately minimal classic-pcap reader for Ethernet IPv4/IPv6 TCP/UDP, test scope only: it lets
 * the tshark agreement check exercise the flow table on real captures independently of the production
 * reader, so that a reader bug cannot hide in both sides of the comparison. Frames it cannot decode
 * (fragments, ARP, ICMP...) are skipped. Tests that need a capture written use
 * {@code org.chatdissect.datasets.net.HandCapture} (exact frames) or the generators.
 */
final class FlowTestPcap {
    private FlowTestPcap() {}

    /** @return number of frames read */
    static long read(Path file, int fileIndex, Consumer<DecodedPacket> sink) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] gh = new byte[24];
            in.readFully(gh);
            int magic = be32(gh, 0);
            boolean swap;
            boolean nanos;
            switch (magic) {
                case 0xa1b2c3d4 -> { swap = false; nanos = false; }
                case 0xd4c3b2a1 -> { swap = true; nanos = false; }
                case 0xa1b23c4d -> { swap = false; nanos = true; }
                case 0x4d3cb2a1 -> { swap = true; nanos = true; }
                default -> throw new IOException(file + ": not a classic pcap");
            }
            int linkType = i32(gh, 20, swap);
            if (linkType != 1) {
                throw new IOException(file + ": link type " + linkType + " is not Ethernet");
            }
            DecodedPacket p = new DecodedPacket();
            byte[] rh = new byte[16];
            byte[] data = new byte[262144];
            long frame = 0;
            while (true) {
                try {
                    in.readFully(rh);
                } catch (EOFException e) {
                    return frame;
                }
                long sec = i32(rh, 0, swap) & 0xffffffffL;
                long frac = i32(rh, 4, swap) & 0xffffffffL;
                int incl = i32(rh, 8, swap);
                int orig = i32(rh, 12, swap);
                if (incl > data.length) {
                    data = new byte[incl];
                }
                in.readFully(data, 0, incl);
                frame++;
                p.fileIndex = fileIndex;
                p.frameNumber = frame;
                p.timestampNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
                p.wireLength = orig;
                if (decode(data, incl, p)) {
                    sink.accept(p);
                }
            }
        }
    }

    private static boolean decode(byte[] d, int len, DecodedPacket p) {
        int pos = 12;
        if (len < 14) {
            return false;
        }
        int etherType = be16(d, pos);
        pos += 2;
        while (etherType == 0x8100 || etherType == 0x88a8) {
            if (pos + 4 > len) {
                return false;
            }
            etherType = be16(d, pos + 2);
            pos += 4;
        }
        int proto;
        int l4len; // transport header + payload, as announced
        java.util.Arrays.fill(p.src, (byte) 0);
        java.util.Arrays.fill(p.dst, (byte) 0);
        if (etherType == 0x0800) {
            if (pos + 20 > len) {
                return false;
            }
            int ihl = (d[pos] & 0x0f) * 4;
            int total = be16(d, pos + 2);
            int flagsFrag = be16(d, pos + 6);
            if ((flagsFrag & 0x3fff) != 0) {
                return false; // fragment
            }
            proto = d[pos + 9] & 0xff;
            System.arraycopy(d, pos + 12, p.src, 12, 4);
            System.arraycopy(d, pos + 16, p.dst, 12, 4);
            p.ipVersion = 4;
            l4len = total - ihl;
            pos += ihl;
        } else if (etherType == 0x86dd) {
            if (pos + 40 > len) {
                return false;
            }
            int plen = be16(d, pos + 4);
            int next = d[pos + 6] & 0xff;
            System.arraycopy(d, pos + 8, p.src, 0, 16);
            System.arraycopy(d, pos + 24, p.dst, 0, 16);
            p.ipVersion = 6;
            pos += 40;
            l4len = plen;
            while (next == 0 || next == 43 || next == 60) {
                if (pos + 2 > len) {
                    return false;
                }
                int extLen = ((d[pos + 1] & 0xff) + 1) * 8;
                next = d[pos] & 0xff;
                pos += extLen;
                l4len -= extLen;
            }
            proto = next;
        } else {
            return false;
        }
        p.protocol = proto;
        if (proto == 6) {
            if (pos + 20 > len) {
                return false;
            }
            p.srcPort = be16(d, pos);
            p.dstPort = be16(d, pos + 2);
            p.tcpSeq = be32(d, pos + 4) & 0xffffffffL;
            p.tcpAck = be32(d, pos + 8) & 0xffffffffL;
            int off = ((d[pos + 12] & 0xff) >> 4) * 4;
            p.tcpFlags = d[pos + 13] & 0x3f;
            p.payloadWireLength = Math.max(0, l4len - off);
            pos += off;
        } else if (proto == 17) {
            if (pos + 8 > len) {
                return false;
            }
            p.srcPort = be16(d, pos);
            p.dstPort = be16(d, pos + 2);
            p.payloadWireLength = Math.max(0, be16(d, pos + 4) - 8);
            pos += 8;
        } else {
            return false;
        }
        p.payload = d;
        p.payloadOffset = Math.min(pos, len);
        p.payloadLength = Math.max(0, Math.min(len - pos, p.payloadWireLength));
        return true;
    }

    private static int be16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static int be32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    private static int i32(byte[] b, int o, boolean swap) {
        int v = be32(b, o);
        return swap ? Integer.reverseBytes(v) : v;
    }
}
