package org.chatdissect.core.capture;

import static org.chatdissect.core.capture.TestCaptures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CaptureDecoderTest {
    static final byte[] TCP4 = ipv4(6, tcp(40000, 443, 0xFFFFFFF0L, 77, DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK,
            payload(12, 5)));
    static final byte[] UDP6 = ipv6(17, udp(5353, 53, payload(7, 1)));

    final CaptureStats stats = new CaptureStats();
    final PacketDecoder dec = new PacketDecoder(stats);
    final DecodedPacket out = new DecodedPacket();
    long frame;

    boolean decode(int linkType, byte[] frameBytes) {
        return decode(linkType, frameBytes, frameBytes.length, 0);
    }

    boolean decode(int linkType, byte[] frameBytes, int origLen, long ts) {
        PacketRecord r = new PacketRecord();
        r.linkType = linkType;
        r.data = frameBytes;
        r.offset = 0;
        r.length = frameBytes.length;
        r.originalLength = origLen;
        r.frameNumber = ++frame;
        r.timestampNanos = ts;
        stats.packetsRead++;
        boolean ok = dec.decode(r, out);
        assertTrue(stats.balanced(), stats.toString());
        return ok;
    }

    void assertTcp4() {
        assertEquals(4, out.ipVersion);
        assertTrue(out.isTcp());
        assertArrayEquals(A4, Arrays.copyOfRange(out.src, 12, 16));
        assertArrayEquals(B4, Arrays.copyOfRange(out.dst, 12, 16));
        assertArrayEquals(new byte[12], Arrays.copyOf(out.src, 12));
        assertEquals(40000, out.srcPort);
        assertEquals(443, out.dstPort);
        assertAddressWords(out, "tcp4");
        assertEquals(0xFFFFFFF0L, out.tcpSeq);
        assertEquals(77, out.tcpAck);
        assertTrue(out.hasFlag(DecodedPacket.TCP_SYN) && out.hasFlag(DecodedPacket.TCP_ACK));
        assertEquals(12, out.payloadLength);
        assertEquals(12, out.payloadWireLength);
        assertArrayEquals(payload(12, 5), Arrays.copyOfRange(out.payload, out.payloadOffset, out.payloadOffset + 12));
    }

    void assertUdp6() {
        assertEquals(6, out.ipVersion);
        assertTrue(out.isUdp());
        assertArrayEquals(A6, out.src);
        assertArrayEquals(B6, out.dst);
        assertAddressWords(out, "udp6");
        assertEquals(5353, out.srcPort);
        assertEquals(7, out.payloadLength);
        assertEquals(7, out.payloadWireLength);
    }

    @Test
    void linkLayers() {
        assertTrue(decode(1, eth(0x0800, TCP4)));
        assertTcp4();
        assertTrue(decode(1, eth(0x86DD, UDP6)));
        assertUdp6();
        assertTrue(decode(1, ethTagged(new int[] {0x8100}, 0x0800, TCP4)), "802.1Q");
        assertTcp4();
        assertTrue(decode(1, ethTagged(new int[] {0x88A8, 0x8100}, 0x86DD, UDP6)), "802.1ad QinQ");
        assertUdp6();
        assertTrue(decode(1, ethTagged(new int[] {0x9100, 0x8100, 0x8100}, 0x0800, TCP4)), "old QinQ, 3 tags");
        assertTcp4();
        assertTrue(decode(1, pppoe(0x0021, TCP4)));
        assertTcp4();
        assertTrue(decode(1, pppoe(0x0057, UDP6)));
        assertUdp6();
        assertTrue(decode(276, sll2(0x0800, TCP4)));
        assertTcp4();
        assertTrue(decode(113, sll(0x86DD, UDP6)));
        assertUdp6();
        assertTrue(decode(0, nullHeader(ByteOrder.LITTLE_ENDIAN, 2, TCP4)), "NULL, little-endian host");
        assertTcp4();
        assertTrue(decode(0, nullHeader(ByteOrder.BIG_ENDIAN, 30, UDP6)), "NULL, big-endian Darwin");
        assertUdp6();
        assertTrue(decode(108, nullHeader(ByteOrder.BIG_ENDIAN, 24, UDP6)), "LOOP, OpenBSD");
        assertUdp6();
        assertTrue(decode(101, TCP4));
        assertTcp4();
        assertTrue(decode(12, UDP6));
        assertTrue(decode(228, TCP4));
        assertTrue(decode(229, UDP6));
        assertTrue(decode(9, concat(bytes(0xFF, 0x03, 0x00, 0x21), TCP4)), "PPP with HDLC framing");
        assertTcp4();
        assertTrue(decode(9, concat(bytes(0x57), UDP6)), "PPP, compressed protocol");
        assertTrue(decode(104, concat(bytes(0x0F, 0x00, 0x08, 0x00), TCP4)), "Cisco HDLC");
        byte[] inner = ethTagged(new int[] {0x8100}, 0x0800, TCP4);
        assertTrue(decode(1, eth(0x8903, concat(bytes(0x00, 0x3F), inner))), "Cisco FabricPath");
        assertTcp4();
        assertTrue(decode(1, eth(30, concat(bytes(0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00), TCP4))), "LLC/SNAP");
        assertTcp4();
        assertEquals(stats.packetsRead, stats.packetsDecoded);
    }

    @Test
    void undecodedReasons() {
        assertFalse(decode(1, eth(0x0806, new byte[28])));
        assertFalse(decode(105, new byte[30]));
        assertFalse(decode(1, eth(0x0800, ipv4(1, new byte[8]))));
        assertFalse(decode(1, eth(0x86DD, ipv6(58, new byte[8]))));
        assertFalse(decode(1, eth(0x86DD, ipv6(59, new byte[0]))));
        assertFalse(decode(1, eth(0x0800, ipv4(47, new byte[8]))));
        assertFalse(decode(1, eth(0x0800, ipv4(132, new byte[8]))));
        assertFalse(decode(1, eth(0x0800, ipv4(200, new byte[8]))));
        assertFalse(decode(1, new byte[10]));
        assertFalse(decode(1, Arrays.copyOf(eth(0x0800, TCP4), 14 + 12)));
        assertFalse(decode(1, Arrays.copyOf(eth(0x0800, TCP4), 14 + 30)));
        assertFalse(decode(1, eth(0x0800, ipv4(17, bytes(0, 1, 0, 2, 0, 4, 0, 0)))));
        assertFalse(decode(1, pppoe(0xC021, new byte[4])));
        assertFalse(decode(1, eth(100, new byte[20])));
        byte[] badIhl = TCP4.clone();
        badIhl[0] = 0x44;
        assertFalse(decode(101, badIhl));
        assertEquals(
                "{bad_ip_header=1, bad_udp_length=1, ethertype:0x0806=1, ethertype:llc=1, ip_proto:200=1, "
                        + "ip_proto:gre=1, ip_proto:icmp=1, ip_proto:icmpv6=1, ip_proto:no_next_header=1, "
                        + "ip_proto:sctp=1, linktype:105=1, ppp:0xc021=1, truncated_ip=1, truncated_link=1, "
                        + "truncated_tcp=1}",
                stats.undecodedByReason().toString());
    }

    @Test
    void ipv4OptionsAreSkipped() {
        byte[] opts = bytes(0x94, 0x04, 0, 0, 1, 1, 1, 0); // router alert, NOPs, end
        assertTrue(decode(1, eth(0x0800, ipv4(6, opts, 9, false, 0,
                tcp(40000, 443, 0xFFFFFFF0L, 77, DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK, payload(12, 5))))));
        assertTcp4();
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] small = eth(0x0800, ipv4(17, udp(1, 2, payload(2, 0))));
        assertTrue(decode(1, Arrays.copyOf(small, 60)));
        assertEquals(2, out.payloadLength);
        assertEquals(2, out.payloadWireLength);
    }

    @Test
    void snaplenTruncatedPayloadKeepsTheAnnouncedLength() {
        byte[] full = eth(0x0800, ipv4(6, tcp(1, 2, 3, 4, 0x10, payload(1000, 0))));
        assertTrue(decode(1, Arrays.copyOf(full, 96), full.length, 0));
        assertEquals(96 - 14 - 20 - 20, out.payloadLength);
        assertEquals(1000, out.payloadWireLength);
        assertEquals(full.length, out.wireLength);
        byte[] u = eth(0x86DD, ipv6(17, udp(1, 2, payload(500, 0))));
        assertTrue(decode(1, Arrays.copyOf(u, 100), u.length, 0));
        assertEquals(100 - 14 - 40 - 8, out.payloadLength);
        assertEquals(500, out.payloadWireLength);
    }

    @Test
    void ipv6ExtensionHeadersAreWalked() {
        byte[] hop = bytes(60, 0, 0, 0, 0, 0, 0, 0); // hop-by-hop -> dest opts
        byte[] dst = bytes(43, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0); // 16 bytes -> routing
        byte[] rt = bytes(51, 0, 0, 0, 0, 0, 0, 0); // routing -> AH
        byte[] ah = concat(bytes(17, 2), new byte[14]); // AH: (2+2)*4 = 16 bytes -> UDP
        assertTrue(decode(1, eth(0x86DD, ipv6(0, concat(hop, dst, rt, ah, udp(5353, 53, payload(7, 1)))))));
        assertUdp6();
        byte[] atomic = ipv6FragmentHeader(17, 0, false, 99);
        assertTrue(decode(1, eth(0x86DD, ipv6(44, concat(atomic, udp(5353, 53, payload(7, 1)))))));
        assertUdp6();
    }

    @Test
    void ipv4FragmentsOutOfOrderAreReassembled() {
        byte[] data = payload(3000, 3);
        byte[] l4 = udp(7000, 8000, data);
        int[][] parts = {{2400, l4.length}, {0, 1200}, {1200, 2400}}; // last first, then first, then middle
        boolean[] results = new boolean[3];
        for (int i = 0; i < 3; i++) {
            int from = parts[i][0];
            int to = parts[i][1];
            byte[] frag = ipv4(17, new byte[0], 4242, to < l4.length, from, Arrays.copyOfRange(l4, from, to));
            results[i] = decode(1, eth(0x0800, frag), 14 + frag.length, i * 1000L);
        }
        assertArrayEquals(new boolean[] {false, false, true}, results);
        assertEquals(3, out.frameNumber, "the completing fragment carries the datagram");
        assertEquals(7000, out.srcPort);
        assertEquals(3000, out.payloadLength);
        assertEquals(3000, out.payloadWireLength);
        assertArrayEquals(data, Arrays.copyOfRange(out.payload, out.payloadOffset, out.payloadOffset + 3000));
        assertEquals(2, stats.undecodedCount("ip_fragment_reassembled"));
        assertEquals(1, stats.packetsDecoded);
        assertEquals(0, stats.undecodedCount("ip_fragment_pending"));
    }

    @Test
    void ipv6FragmentsOutOfOrderAreReassembled() {
        byte[] data = payload(2000, 11);
        byte[] l4 = tcp(1234, 80, 1, 2, 0x18, data);
        byte[] dest = bytes(6, 0, 1, 4, 0, 0, 0, 0); // dest options inside the fragmentable part
        byte[] fragmentable = concat(dest, l4);
        int cut = 1008;
        byte[] second = eth(0x86DD, ipv6(44, concat(ipv6FragmentHeader(60, cut, false, 77),
                Arrays.copyOfRange(fragmentable, cut, fragmentable.length))));
        byte[] first = eth(0x86DD, ipv6(44, concat(ipv6FragmentHeader(60, 0, true, 77),
                Arrays.copyOf(fragmentable, cut))));
        assertFalse(decode(1, second));
        assertEquals(1, stats.undecodedCount("ip_fragment_pending"));
        assertTrue(decode(1, first));
        assertEquals(6, out.ipVersion);
        assertTrue(out.isTcp());
        assertEquals(1234, out.srcPort);
        assertEquals(2000, out.payloadLength);
        assertArrayEquals(data, Arrays.copyOfRange(out.payload, out.payloadOffset, out.payloadOffset + 2000));
        assertEquals(1, stats.undecodedCount("ip_fragment_reassembled"));
        assertEquals(0, stats.undecodedCount("ip_fragment_pending"));
    }

    @Test
    void incompleteDatagramsExpireOrAreFlushed() {
        byte[] l4 = udp(1, 2, payload(100, 0));
        byte[] firstHalf = eth(0x0800, ipv4(17, new byte[0], 1, true, 0, Arrays.copyOf(l4, 64)));
        assertFalse(decode(1, firstHalf, firstHalf.length, 0));
        assertEquals(1, stats.undecodedCount("ip_fragment_pending"));
        // 31 s later a different fragment arrives: the first datagram times out.
        byte[] other = eth(0x0800, ipv4(17, new byte[0], 2, true, 0, Arrays.copyOf(l4, 64)));
        assertFalse(decode(1, other, other.length, 31_000_000_000L));
        assertEquals(1, stats.undecodedCount("ip_fragment_incomplete"));
        assertEquals(1, stats.undecodedCount("ip_fragment_pending"));
        dec.finish();
        assertEquals(2, stats.undecodedCount("ip_fragment_incomplete"));
        assertEquals(0, stats.undecodedCount("ip_fragment_pending"));
        assertTrue(stats.balanced());
    }

    @Test
    void pendingDatagramsAreBounded() {
        byte[] l4 = udp(1, 2, payload(100, 0));
        for (int id = 0; id < FragmentReassembler.MAX_PENDING + 10; id++) {
            byte[] f = eth(0x0800, ipv4(17, new byte[0], id, true, 0, Arrays.copyOf(l4, 64)));
            assertFalse(decode(1, f));
        }
        assertEquals(10, stats.undecodedCount("ip_fragment_incomplete"));
        assertEquals(FragmentReassembler.MAX_PENDING, stats.undecodedCount("ip_fragment_pending"));
    }

    @Test
    void snaplenCutFragmentsCannotBeReassembled() {
        byte[] f = eth(0x0800, ipv4(17, new byte[0], 1, true, 0, payload(800, 0)));
        assertFalse(decode(1, Arrays.copyOf(f, 200), f.length, 0));
        assertEquals(1, stats.undecodedCount("ip_fragment_truncated"));
    }
}
