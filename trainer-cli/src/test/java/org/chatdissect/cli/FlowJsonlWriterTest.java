package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowTable;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.flow.FlowTableStats;
import org.chatdissect.model.FlowType;
import org.junit.jupiter.api.Test;

class FlowJsonlWriterTest {
    @Test
    void oneLinePerFlowWithFixedKeysAndFormatting() throws Exception {
        Flow f = new Flow();
        f.protocol = 6;
        f.ipVersion = 6;
        f.client[0] = 0x20;
        f.client[1] = 0x01;
        f.client[2] = 0x0d;
        f.client[3] = (byte) 0xb8;
        f.client[15] = 1;
        f.server[15] = 2;
        f.clientPort = 51000;
        f.serverPort = 443;
        f.fileIndex = 1;
        f.firstFrame = 7;
        f.startNanos = 1_663_912_724_524_682_045L;
        f.endNanos = 1_663_912_725_000_000_999L;
        f.packetsUp = 3;
        f.packetsDown = 2;
        f.bytesUp = 517;
        f.bytesDown = 1400;
        f.frameBytesUp = 715;
        f.frameBytesDown = 1532;
        f.flowType = FlowType.TLS;
        f.sni = "chat.example.com";
        f.vlan = 131;
        Flow g = new Flow();
        g.protocol = 17;
        g.ipVersion = 4;
        g.client[15] = 9;
        g.flowType = FlowType.UDP;
        g.startNanos = -1; // before the epoch: still six decimals, floor
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FlowJsonlWriter w = new FlowJsonlWriter(out, List.of("a.pcap", "dir/b.pcapng"))) {
            w.onFlowEnd(f);
            w.onFlowEnd(g);
        }
        // uid: Zeek's form, a hash of file, first frame, Community ID and start (FlowUid)
        assertEquals("{\"uid\":\"C1L7DXia4VEtQnwTuk\",\"file\":\"dir/b.pcapng\",\"first_frame\":7,\"proto\":\"tcp\",\"client\":\"2001:db8::1\","
                + "\"client_port\":51000,\"server\":\"::2\",\"server_port\":443,"
                + "\"community_id\":\"1:fpXewrLHLS3iIGnBI+2VpagCN+k=\",\"vlan\":131,\"start\":1663912724.524682,"
                + "\"end\":1663912725.000000,\"duration\":0.475318,\"packets_up\":3,\"packets_down\":2,\"bytes_up\":517,"
                + "\"bytes_down\":1400,\"frame_bytes_up\":715,\"frame_bytes_down\":1532,\"flow_type\":\"TLS\","
                + "\"sni\":\"chat.example.com\",\"host\":null}\n"
                + "{\"uid\":\"C17t3kKUHBwS3RElkG\",\"file\":\"a.pcap\",\"first_frame\":0,\"proto\":\"udp\",\"client\":\"0.0.0.9\",\"client_port\":0,"
                + "\"server\":\"0.0.0.0\",\"server_port\":0,"
                + "\"community_id\":\"1:kOyeO5RPAlUAQ/sqIP37d3MsoR4=\",\"vlan\":null,\"start\":-0.000001,\"end\":0.000000,"
                + "\"duration\":0.000001,\"packets_up\":0,\"packets_down\":0,\"bytes_up\":0,\"bytes_down\":0,"
                + "\"frame_bytes_up\":0,\"frame_bytes_down\":0,\"flow_type\":\"UDP\",\"sni\":null,"
                + "\"host\":null}\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sameInputTwiceGivesIdenticalBytes() throws Exception {
        assertArrayEquals(run(), run());
    }

    @Test
    void summaryCountsAddUp() {
        CaptureStats capture = new CaptureStats();
        capture.packetsRead = 10;
        capture.packetsDecoded = 7;
        capture.undecoded("ip_proto:icmp", 2);
        capture.undecoded("linktype:105", 1);
        FlowTableStats flows = new FlowTableStats();
        List<String> lines = FlowSummary.lines(capture, flows);
        assertEquals("packets read: 10", lines.get(0));
        assertEquals("  decoded: 7", lines.get(1));
        assertEquals("  undecoded: 3", lines.get(2));
        assertEquals("    ip_proto:icmp: 2", lines.get(3));
        assertEquals("warnings: 0", lines.get(lines.size() - 1));
        capture.packetsRead = 11;
        List<String> bad = FlowSummary.lines(capture, flows);
        assertEquals("warnings: 1", bad.get(bad.size() - 2));
    }

    /** Many interleaved synthetic flows through a real flow table into the writer. */
    private static byte[] run() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random rnd = new Random(7);
        try (FlowJsonlWriter w = new FlowJsonlWriter(out, List.of("x.pcap"))) {
            FlowTable table = new FlowTable(FlowTableConfig.of(1800, 60, 50), w);
            DecodedPacket p = new DecodedPacket();
            p.payload = new byte[64];
            for (int i = 0; i < 5000; i++) {
                p.frameNumber = i + 1;
                p.timestampNanos = i * 50_000_000L + rnd.nextInt(1000);
                p.ipVersion = 4;
                p.protocol = rnd.nextBoolean() ? 6 : 17;
                p.src[15] = (byte) rnd.nextInt(4);
                p.dst[15] = (byte) (10 + rnd.nextInt(4));
                p.srcPort = 40000 + rnd.nextInt(200);
                p.dstPort = rnd.nextBoolean() ? 53 : 443;
                p.tcpFlags = rnd.nextInt(8) == 0 ? DecodedPacket.TCP_FIN | DecodedPacket.TCP_ACK : DecodedPacket.TCP_ACK;
                p.tcpSeq = rnd.nextInt();
                p.payloadLength = rnd.nextInt(64);
                p.payloadWireLength = p.payloadLength;
                p.wireLength = 54 + p.payloadLength;
                table.accept(p);
            }
            table.finish();
        }
        return out.toByteArray();
    }
}
