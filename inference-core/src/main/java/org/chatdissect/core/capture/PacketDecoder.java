package org.chatdissect.core.capture;

/**
 * Decodes link, network and transport headers of a frame into a {@link DecodedPacket}.
 *
 * <p>Every frame passed in ends in exactly one bucket of the stats: decoded (TCP or UDP) or one
 * undecoded reason (see {@link DecodeReasons} and docs/design/capture.md). IP fragments are reassembled;
 * see {@link FragmentReassembler} for how they are counted, and call {@link #finish()} at the end of the
 * input so datagrams still waiting for fragments are counted as incomplete.
 *
 * <p>Not thread-safe; one decoder per reading thread. The decoded payload points into the frame (or
 * into the reassembly buffer) and is valid until the next call.
 */
public final class PacketDecoder {
    private final CaptureStats stats;
    private final DecodeReasons reasons = new DecodeReasons();
    private final LinkLayer link = new LinkLayer(reasons);
    private final FragmentReassembler fragments;

    public PacketDecoder(CaptureStats stats) {
        this.stats = stats;
        this.fragments = new FragmentReassembler(stats);
    }

    /**
     * @return true when {@code out} holds a TCP or UDP packet; false when the frame was counted in the
     *     stats as undecoded (or absorbed into a pending IP reassembly, which is counted too)
     */
    public boolean decode(PacketRecord in, DecodedPacket out) {
        out.fileIndex = in.fileIndex;
        out.frameNumber = in.frameNumber;
        out.timestampNanos = in.timestampNanos;
        out.wireLength = Math.max(in.originalLength, in.length);
        out.addressWords = false;
        byte[] d = in.data;
        int end = in.offset + in.length;
        String why;
        boolean located = link.locate(in.linkType, d, in.offset, end);
        out.vlan = link.vlan;
        if (!located) {
            why = link.reason;
        } else if (link.ipVersion == 4) {
            why = ipv4(in, d, link.ipOffset, end, out);
        } else {
            why = ipv6(in, d, link.ipOffset, end, out);
        }
        if (why == null) {
            stats.packetsDecoded++;
            return true;
        }
        if (why != COUNTED) {
            stats.undecoded(why);
        }
        return false;
    }

    /**
     * Ends the input: datagrams still waiting for fragments are counted as incomplete, after which
     * {@code packetsRead == packetsDecoded + undecodedTotal()} holds with no pending bucket.
     */
    public void finish() {
        fragments.flush();
    }

    /** Marker: the frame was already counted (by the reassembler). */
    private static final String COUNTED = "";

    /** Wire length of what follows {@code ip} when the IP header announces 0 (segmentation offload). */
    private static int wireAfter(PacketRecord in, int ip) {
        return Math.max(0, Math.max(in.originalLength, in.length) - (ip - in.offset));
    }

    private String ipv4(PacketRecord in, byte[] d, int ip, int end, DecodedPacket out) {
        if (end - ip < 20) {
            return DecodeReasons.TRUNCATED_IP;
        }
        int vihl = d[ip] & 0xFF;
        int ihl = (vihl & 0x0F) * 4;
        if ((vihl >> 4) != 4 || ihl < 20) {
            return DecodeReasons.BAD_IP_HEADER;
        }
        if (end - ip < ihl) {
            return DecodeReasons.TRUNCATED_IP;
        }
        int total = LinkLayer.u16(d, ip + 2);
        if (total == 0) {
            total = wireAfter(in, ip); // TSO: the NIC fills the length in later
        }
        if (total < ihl) {
            return DecodeReasons.BAD_IP_LENGTH;
        }
        // min() drops Ethernet padding after the datagram as well as respecting snaplen; long: a TSO length taken from a
        // record's original length (up to 2^31 - 1) must not wrap past the end of the buffer
        int capEnd = (int) Math.min((long) ip + total, end);
        if (zeroPrefix != out) {
            System.arraycopy(ZERO12, 0, out.src, 0, 12);
            System.arraycopy(ZERO12, 0, out.dst, 0, 12);
            zeroPrefix = out;
        }
        out.ipVersion = 4;
        ipv4Address(d, ip + 12, out.src);
        ipv4Address(d, ip + 16, out.dst);
        // u32 written out on the IPv4/TCP path: C1 does not inline it
        out.srcHi = 0;
        out.srcLo = ((d[ip + 12] & 0xFFL) << 24) | ((d[ip + 13] & 0xFF) << 16) | ((d[ip + 14] & 0xFF) << 8)
                | (d[ip + 15] & 0xFF);
        out.dstHi = 0;
        out.dstLo = ((d[ip + 16] & 0xFFL) << 24) | ((d[ip + 17] & 0xFF) << 16) | ((d[ip + 18] & 0xFF) << 8)
                | (d[ip + 19] & 0xFF);
        out.addressWords = true;
        int proto = d[ip + 9] & 0xFF;
        int frag = LinkLayer.u16(d, ip + 6);
        boolean more = (frag & 0x2000) != 0;
        int fragOffset = (frag & 0x1FFF) * 8;
        if (more || fragOffset != 0) {
            int id = LinkLayer.u16(d, ip + 4);
            if (!fragments.offer(in.fileIndex, in.timestampNanos, out.src, out.dst, id, proto, fragOffset, more, d,
                    ip + ihl, capEnd - (ip + ihl), total - ihl, proto)) {
                return COUNTED;
            }
            byte[] buf = fragments.completed;
            int len = fragments.completedLength;
            return transport(proto, buf, 0, len, len, out);
        }
        return transport(proto, d, ip + ihl, capEnd, total - ihl, out);
    }

    private static final byte[] ZERO12 = new byte[12];

    /**
     * The packet whose address arrays this decoder last left with 12 zero bytes before an IPv4 address (it writes
     * them only for IPv6), so consecutive IPv4 packets skip re-zeroing them: two arraycopy stub calls a packet on C1.
     */
    private DecodedPacket zeroPrefix;

    /** IPv4 address as the last 4 bytes of 16 (the first 12 are zero, see {@link #zeroPrefix}). */
    private static void ipv4Address(byte[] d, int at, byte[] into) {
        into[12] = d[at];
        into[13] = d[at + 1];
        into[14] = d[at + 2];
        into[15] = d[at + 3];
    }

    private String ipv6(PacketRecord in, byte[] d, int ip, int end, DecodedPacket out) {
        if (end - ip < 40) {
            return DecodeReasons.TRUNCATED_IP;
        }
        if (((d[ip] & 0xFF) >> 4) != 6) {
            return DecodeReasons.BAD_IP_HEADER;
        }
        int payload = LinkLayer.u16(d, ip + 4);
        if (payload == 0) {
            payload = wireAfter(in, ip + 40); // jumbogram or offload: trust the frame length
        }
        out.ipVersion = 6;
        if (zeroPrefix == out) {
            zeroPrefix = null;
        }
        System.arraycopy(d, ip + 8, out.src, 0, 16);
        System.arraycopy(d, ip + 24, out.dst, 0, 16);
        out.srcHi = (u32(d, ip + 8) << 32) | u32(d, ip + 12);
        out.srcLo = (u32(d, ip + 16) << 32) | u32(d, ip + 20);
        out.dstHi = (u32(d, ip + 24) << 32) | u32(d, ip + 28);
        out.dstLo = (u32(d, ip + 32) << 32) | u32(d, ip + 36);
        out.addressWords = true;
        int capEnd = (int) Math.min((long) ip + 40 + payload, end);
        return ipv6Chain(in, d[ip + 6] & 0xFF, d, ip + 40, capEnd, payload, false, out);
    }

    /** Walks IPv6 extension headers from {@code p}; {@code wire} is the announced length from {@code p}. */
    private String ipv6Chain(PacketRecord in, int next, byte[] d, int p, int capEnd, int wire, boolean reassembled,
            DecodedPacket out) {
        while (true) {
            switch (next) {
                case 0: // hop-by-hop
                case 43: // routing
                case 60: // destination options
                case 135: // mobility
                case 51: { // AH counts its length in 4-byte words, minus 2
                    if (capEnd - p < 2) {
                        return DecodeReasons.TRUNCATED_IP;
                    }
                    int len = next == 51 ? ((d[p + 1] & 0xFF) + 2) * 4 : ((d[p + 1] & 0xFF) + 1) * 8;
                    if (len > wire) {
                        return DecodeReasons.BAD_IP_LENGTH;
                    }
                    if (capEnd - p < len) {
                        return DecodeReasons.TRUNCATED_IP;
                    }
                    next = d[p] & 0xFF;
                    p += len;
                    wire -= len;
                    continue;
                }
                case 44: {
                    if (wire < 8) {
                        return DecodeReasons.BAD_IP_LENGTH;
                    }
                    if (capEnd - p < 8) {
                        return DecodeReasons.TRUNCATED_IP;
                    }
                    int upper = d[p] & 0xFF;
                    int offFlags = LinkLayer.u16(d, p + 2);
                    int fragOffset = offFlags & 0xFFF8;
                    boolean more = (offFlags & 1) != 0;
                    int id = (LinkLayer.u16(d, p + 4) << 16) | LinkLayer.u16(d, p + 6);
                    p += 8;
                    wire -= 8;
                    if (fragOffset == 0 && !more) {
                        next = upper; // atomic fragment (RFC 6946): nothing to reassemble
                        continue;
                    }
                    if (reassembled) {
                        return DecodeReasons.FRAGMENT_BAD; // a fragment header inside a reassembled datagram
                    }
                    if (!fragments.offer(in.fileIndex, in.timestampNanos, out.src, out.dst, id, -1, fragOffset, more, d,
                            p, capEnd - p, wire, upper)) {
                        return COUNTED;
                    }
                    int len = fragments.completedLength;
                    int first = fragments.completedUpperProtocol;
                    if (first < 0) {
                        return DecodeReasons.FRAGMENT_BAD;
                    }
                    return ipv6Chain(in, first, fragments.completed, 0, len, len, true, out);
                }
                case 59:
                    return DecodeReasons.NO_NEXT_HEADER;
                default:
                    return transport(next, d, p, capEnd, wire, out);
            }
        }
    }

    /** Decodes TCP or UDP at {@code p}; {@code wire} is the transport length announced by IP. */
    private String transport(int proto, byte[] d, int p, int capEnd, int wire, DecodedPacket out) {
        int avail = capEnd - p;
        if (proto == DecodedPacket.PROTO_TCP) {
            if (avail < 20) {
                return DecodeReasons.TRUNCATED_TCP;
            }
            int hl = ((d[p + 12] & 0xFF) >> 4) * 4;
            if (hl < 20 || hl > wire) {
                return DecodeReasons.BAD_TCP_HEADER;
            }
            if (avail < hl) {
                return DecodeReasons.TRUNCATED_TCP;
            }
            out.protocol = proto;
            out.srcPort = LinkLayer.u16(d, p);
            out.dstPort = LinkLayer.u16(d, p + 2);
            out.tcpSeq = ((d[p + 4] & 0xFFL) << 24) | ((d[p + 5] & 0xFF) << 16) | ((d[p + 6] & 0xFF) << 8)
                    | (d[p + 7] & 0xFF);
            out.tcpAck = ((d[p + 8] & 0xFFL) << 24) | ((d[p + 9] & 0xFF) << 16) | ((d[p + 10] & 0xFF) << 8)
                    | (d[p + 11] & 0xFF);
            out.tcpFlags = ((d[p + 12] & 1) << 8) | (d[p + 13] & 0xFF);
            if (out.payload != d) {
                out.payload = d; // see FileSource.emit: no barrier call for an unchanged reference
            }
            out.payloadOffset = p + hl;
            out.payloadLength = avail - hl;
            out.payloadWireLength = wire - hl;
            return null;
        }
        if (proto == DecodedPacket.PROTO_UDP) {
            if (avail < 8) {
                return DecodeReasons.TRUNCATED_UDP;
            }
            int ulen = LinkLayer.u16(d, p + 4);
            if (ulen == 0) {
                ulen = wire; // IPv6 jumbogram / offload
            }
            if (ulen < 8 || ulen > wire) {
                return DecodeReasons.BAD_UDP_LENGTH;
            }
            out.protocol = proto;
            out.srcPort = LinkLayer.u16(d, p);
            out.dstPort = LinkLayer.u16(d, p + 2);
            out.tcpSeq = 0;
            out.tcpAck = 0;
            out.tcpFlags = 0;
            if (out.payload != d) {
                out.payload = d;
            }
            out.payloadOffset = p + 8;
            out.payloadLength = Math.min(avail, ulen) - 8;
            out.payloadWireLength = ulen - 8;
            return null;
        }
        return reasons.ipProto(proto);
    }

    private static long u32(byte[] d, int i) {
        return ((long) (d[i] & 0xFF) << 24) | ((d[i + 1] & 0xFF) << 16) | ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
    }
}
