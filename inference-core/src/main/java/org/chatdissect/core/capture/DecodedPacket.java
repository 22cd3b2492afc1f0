package org.chatdissect.core.capture;

/**
 * The transport-level view of one frame: addresses, ports, TCP header fields and where the payload is.
 *
 * <p>Mutable and reused by the decoder (no allocation per packet). Addresses are kept as 16-byte arrays
 * (IPv4 in the last 4 bytes, {@link #ipVersion} tells which) so IPv4 and IPv6 share one code path.
 */
public final class DecodedPacket {
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    public int fileIndex;
    public long frameNumber;
    public long timestampNanos;
    /** Bytes of the frame on the wire (original length). */
    public int wireLength;

    public int ipVersion;
    /** The outermost VLAN id of the frame, or -1 when it has no VLAN tag. */
    public int vlan = -1;
    public final byte[] src = new byte[16];
    public final byte[] dst = new byte[16];
    /**
     * {@link #src} and {@link #dst} as big-endian words (hi = bytes 0..7, lo = bytes 8..15), valid only while
     * {@link #addressWords} is set: the decoder fills both with the arrays so the flow table keys a packet without
     * re-reading 32 bytes. Code that fills or changes the arrays by hand leaves the flag false (or clears it).
     */
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    public boolean addressWords;
    /** IP protocol number of the transport header: 6 or 17 for decoded packets. */
    public int protocol;
    public int srcPort;
    public int dstPort;

    public long tcpSeq;
    public long tcpAck;
    public int tcpFlags;

    /** Payload bytes are {@code payload[payloadOffset .. payloadOffset+payloadLength)}. */
    public byte[] payload;
    public int payloadOffset;
    /** Captured payload bytes (may be less than {@link #payloadWireLength} after snaplen truncation). */
    public int payloadLength;
    /** Payload length as announced by the IP/UDP headers, which counts bytes lost to snaplen. */
    public int payloadWireLength;

    public boolean isTcp() {
        return protocol == PROTO_TCP;
    }

    public boolean isUdp() {
        return protocol == PROTO_UDP;
    }

    public boolean hasFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
