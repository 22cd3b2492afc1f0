package org.chatdissect.core.flow;

import static org.chatdissect.core.capture.DecodedPacket.TCP_ACK;
import static org.chatdissect.core.capture.DecodedPacket.TCP_FIN;
import static org.chatdissect.core.capture.DecodedPacket.TCP_PSH;
import static org.chatdissect.core.capture.DecodedPacket.TCP_RST;
import static org.chatdissect.core.capture.DecodedPacket.TCP_SYN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.model.FlowType;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    private static final String C = "10.0.0.1";
    private static final String S = "10.0.0.2";
    private final Packets pk = new Packets();
    private final RecordingObserver obs = new RecordingObserver();
    private final FlowTable table = new FlowTable(FlowTableConfig.of(1800, 60, 1000), obs);

    /** Three-way handshake, one request and response, FIN both ways, final ACK. */
    private void fullConnection(int cport, long t0) {
        table.accept(pk.tcp(C, cport, S, 80, TCP_SYN, 1000, 0, t0, ""));
        table.accept(pk.tcp(S, 80, C, cport, TCP_SYN | TCP_ACK, 5000, 1001, t0, ""));
        table.accept(pk.tcp(C, cport, S, 80, TCP_ACK, 1001, 5001, t0, ""));
        table.accept(pk.tcp(C, cport, S, 80, TCP_ACK | TCP_PSH, 1001, 5001, t0 + 1,
                "GET /x HTTP/1.1\r\nHost: example.org\r\n\r\n"));
        table.accept(pk.tcp(S, 80, C, cport, TCP_ACK | TCP_PSH, 5001, 1039, t0 + 1, "HTTP/1.1 200 OK\r\n\r\n"));
        table.accept(pk.tcp(C, cport, S, 80, TCP_FIN | TCP_ACK, 1039, 5020, t0 + 2, ""));
        table.accept(pk.tcp(S, 80, C, cport, TCP_FIN | TCP_ACK, 5020, 1040, t0 + 2, ""));
        table.accept(pk.tcp(C, cport, S, 80, TCP_ACK, 1040, 5021, t0 + 2, ""));
    }

    @Test
    void synSenderIsClientAndFinHandshakeEndsTheFlowAtTheFinalAck() {
        fullConnection(40000, 100);
        assertEquals(1, obs.ended.size(), "flow ends at the ACK of the second FIN, not at end of input");
        Flow f = obs.ended.get(0);
        assertEquals(FlowEndReason.FIN, f.endReason);
        assertEquals(40000, f.clientPort);
        assertEquals(80, f.serverPort);
        assertEquals(5, f.packetsUp);
        assertEquals(3, f.packetsDown);
        assertEquals(38, f.bytesUp);
        assertEquals(19, f.bytesDown);
        assertEquals(FlowType.HTTP, f.flowType);
        assertEquals("example.org", f.host);
        assertEquals(1, f.firstFrame);
        assertEquals(100 * Packets.SEC, f.startNanos);
        assertEquals(102 * Packets.SEC, f.endNanos);
        assertEquals(0, table.liveFlows());
    }

    @Test
    void synAckSenderIsServerEvenWithAHigherPort() {
        table.accept(pk.tcp(S, 50000, C, 40000, TCP_SYN | TCP_ACK, 1, 1, 0, ""));
        table.finish();
        Flow f = obs.ended.get(0);
        assertEquals(40000, f.clientPort);
        assertEquals(50000, f.serverPort);
        byte[] c = new byte[16];
        Packets.v4(C, c);
        assertArrayEquals(c, f.client);
    }

    @Test
    void withoutSynTheEphemeralPortIsTheClient() {
        table.accept(pk.tcp(S, 443, C, 51000, TCP_ACK, 1, 1, 0, "x")); // server speaks first mid-stream
        table.accept(pk.udp(C, 4000, S, 8000, 0, new byte[] {1})); // both registered (QQ): the first sender is the client
        table.accept(pk.udp(C, 40000, S, 6000, 0, new byte[] {1})); // dynamic-range port against a lower one: client
        table.accept(pk.udp(S, 7000, C, 7000, 0, new byte[] {1})); // tie: the first sender is the client
        table.finish();
        assertEquals(51000, obs.ended.get(0).clientPort);
        assertEquals(443, obs.ended.get(0).serverPort);
        assertEquals(0, obs.ended.get(0).packetsUp);
        assertEquals(1, obs.ended.get(0).packetsDown);
        assertEquals(4000, obs.ended.get(1).clientPort);
        assertEquals(8000, obs.ended.get(1).serverPort);
        assertEquals(40000, obs.ended.get(2).clientPort);
        assertEquals(6000, obs.ended.get(2).serverPort);
        byte[] s = new byte[16];
        Packets.v4(S, s);
        assertArrayEquals(s, obs.ended.get(3).client);
    }

    @Test
    void rstEndsImmediatelyAndALaterPacketStartsANewMidStreamFlow() {
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 1, 0, 0, ""));
        table.accept(pk.tcp(S, 80, C, 40000, TCP_RST | TCP_ACK, 0, 2, 0, ""));
        assertEquals(List.of("start 0", "end 0 RST"), obs.events);
        table.accept(pk.tcp(C, 40000, S, 80, TCP_ACK, 2, 0, 1, ""));
        table.finish();
        assertEquals(2, obs.ended.size());
        assertEquals(FlowEndReason.END_OF_INPUT, obs.ended.get(1).endReason);
        assertEquals(3, obs.ended.get(1).firstFrame);
    }

    @Test
    void newSynAfterFinStartsANewFlowOnTheSameTuple() {
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 1, 0, 0, ""));
        table.accept(pk.tcp(C, 40000, S, 80, TCP_FIN | TCP_ACK, 2, 0, 1, ""));
        assertEquals(1, table.liveFlows(), "half-closed flow stays until closed or idle");
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 9999, 0, 2, ""));
        assertEquals(List.of("start 0", "end 0 FIN", "start 1"), obs.events);
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 9999, 0, 3, "")); // a SYN retransmission: same flow
        table.finish();
        assertEquals(2, obs.ended.get(1).packetsUp);
    }

    @Test
    void synWithAnotherIsnOnAnOpenFlowIsPortReuse() {
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 1, 0, 0, ""));
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 777, 0, 5, ""));
        table.finish();
        assertEquals(FlowEndReason.PORT_REUSE, obs.ended.get(0).endReason);
        assertEquals(2, obs.ended.size());
    }

    @Test
    void idleFlowsEndAsTheClockAdvancesInDeadlineOrder() {
        table.accept(pk.udp(C, 5000, S, 53, 0, new byte[] {1})); // UDP, 60 s timeout: due at 60
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 1, 0, 10, "")); // TCP, 1800 s: due at 1810
        table.accept(pk.udp(C, 5001, S, 53, 30, new byte[] {1})); // due at 90
        table.accept(pk.udp(C, 5000, S, 53, 50, new byte[] {2})); // refreshes the first: due at 110
        table.accept(pk.udp(C, 6000, S, 9999, 100, new byte[] {1})); // clock 100: only the one due at 90 ends
        assertEquals(List.of("end 2 IDLE"), endEvents());
        table.accept(pk.udp(C, 6000, S, 9999, 2000, new byte[] {1})); // clock 2000: 0 (110), 1 (1810), 3 (160)
        assertEquals(List.of("end 2 IDLE", "end 0 IDLE", "end 3 IDLE", "end 1 IDLE"), endEvents());
        assertEquals(1, table.liveFlows());
        table.finish();
        assertEquals(FlowType.DNS, obs.ended.get(1).flowType);
        assertEquals(2, obs.ended.get(1).packetsUp);
        assertEquals(50 * Packets.SEC, obs.ended.get(1).endNanos);
    }

    @Test
    void advanceClockExpiresWithoutPackets() {
        table.accept(pk.udp(C, 5000, S, 53, 0, new byte[] {1}));
        table.advanceClock(60 * Packets.SEC);
        assertEquals(1, table.liveFlows(), "idle exactly the timeout is still alive");
        table.advanceClock(61 * Packets.SEC);
        assertEquals(0, table.liveFlows());
    }

    @Test
    void halfClosedFlowEndsAfterTheClosingTimeout() {
        table.accept(pk.tcp(C, 40000, S, 80, TCP_SYN, 1, 0, 0, ""));
        table.accept(pk.tcp(C, 40000, S, 80, TCP_FIN | TCP_ACK, 2, 0, 1, ""));
        table.advanceClock(200 * Packets.SEC); // closing timeout 120 s < TCP idle 1800 s
        assertEquals(List.of("end 0 FIN"), endEvents());
    }

    @Test
    void packetAfterTimeoutStartsANewFlow() {
        table.accept(pk.udp(C, 5000, S, 53, 0, new byte[] {1}));
        table.accept(pk.udp(S, 53, C, 5000, 100, new byte[] {1}));
        table.finish();
        assertEquals(List.of("end 0 IDLE", "end 1 END_OF_INPUT"), endEvents());
        assertEquals(5000, obs.ended.get(1).clientPort, "roles come from ports, not from who spoke first");
    }

    @Test
    void capEvictsTheLeastRecentlyActiveFlow() {
        FlowTable small = new FlowTable(FlowTableConfig.of(1800, 60, 2), obs);
        small.accept(pk.udp(C, 5000, S, 53, 0, new byte[] {1}));   // flow 0
        small.accept(pk.udp(C, 5001, S, 53, 1, new byte[] {1}));   // flow 1
        small.accept(pk.udp(C, 5000, S, 53, 2, new byte[] {1}));   // flow 0 active again
        small.accept(pk.udp(C, 5002, S, 53, 3, new byte[] {1}));   // flow 2 needs a slot: 1 goes
        assertEquals(List.of("end 1 EVICTED"), endEvents());
        small.finish();
        assertEquals(List.of("end 1 EVICTED", "end 0 END_OF_INPUT", "end 2 END_OF_INPUT"), endEvents());
        assertEquals(1, small.stats().evicted());
        assertEquals(1, small.stats().warnings().size());
        assertEquals(3, small.stats().flows);
    }

    @Test
    void flowsNeverSpanFiles() {
        DecodedPacket a = pk.udp(C, 5000, S, 53, 0, new byte[] {1});
        table.accept(a);
        DecodedPacket b = pk.udp(C, 5000, S, 53, 0, new byte[] {1});
        b.fileIndex = 1;
        b.frameNumber = 1;
        table.accept(b);
        table.finish();
        assertEquals(List.of("end 0 END_OF_INPUT", "end 1 END_OF_INPUT"), endEvents());
        assertEquals(1, obs.ended.get(1).fileIndex);
    }

    @Test
    void endOfInputEmitsInFirstPacketOrder() {
        table.accept(pk.udp(C, 5003, S, 53, 0, new byte[] {1}));
        table.accept(pk.udp(C, 5001, S, 53, 0, new byte[] {1}));
        table.accept(pk.udp(C, 5002, S, 53, 0, new byte[] {1}));
        table.accept(pk.udp(C, 5003, S, 53, 1, new byte[] {1}));
        table.finish();
        assertEquals(List.of(5003, 5001, 5002), obs.ended.stream().map(f -> f.clientPort).toList());
    }

    @Test
    void tcpTypesAreDecidedFromTheClientsFirstBytes() {
        table.accept(pk.tcp(C, 40001, S, 5222, TCP_ACK, 1, 1, 0, "<stream:stream>"));
        table.accept(pk.tcp(C, 40002, S, 8080, TCP_ACK, 1, 1, 0, "POST /api HTTP/1.0\r\nhOsT:  a.b \r\n\r\n"));
        table.accept(pk.tcp(S, 80, C, 40003, TCP_ACK, 1, 1, 0, "HTTP/1.1 304 Not Modified\r\n\r\n"));
        table.accept(pk.tcp(C, 40004, S, 443, TCP_ACK, 1, 1, 0, ""));
        table.finish();
        assertEquals(FlowType.TCP, obs.ended.get(0).flowType);
        assertEquals(FlowType.HTTP, obs.ended.get(1).flowType);
        assertEquals("a.b", obs.ended.get(1).host);
        assertEquals(FlowType.HTTP, obs.ended.get(2).flowType);
        assertNull(obs.ended.get(2).host);
        assertEquals(FlowType.TCP, obs.ended.get(3).flowType, "no payload at all: plain TCP");
    }

    @Test
    void splitClientHelloIsReassembledForTheSni() {
        byte[] hello = TlsBytes.clientHello("chat.example.com");
        int cut = 40;
        byte[] first = java.util.Arrays.copyOfRange(hello, 0, cut);
        byte[] second = java.util.Arrays.copyOfRange(hello, cut, hello.length);
        table.accept(pk.tcp(C, 40000, S, 443, TCP_SYN, 100, 0, 0, ""));
        table.accept(pk.tcp(C, 40000, S, 443, TCP_ACK, 101 + cut, 1, 0, second)); // arrives first
        table.accept(pk.tcp(C, 40000, S, 443, TCP_ACK, 101, 1, 0, first));
        table.finish();
        Flow f = obs.ended.get(0);
        assertEquals(FlowType.TLS, f.flowType);
        assertEquals("chat.example.com", f.sni);
        assertArrayEquals(hello, obs.up(0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void udpToPort53IsDns() {
        table.accept(pk.udp(C, 5353, S, 53, 0, new byte[] {1}));
        table.accept(pk.udp(C, 5353, S, 54, 0, new byte[] {1}));
        table.finish();
        assertEquals(FlowType.DNS, obs.ended.get(0).flowType);
        assertEquals(FlowType.UDP, obs.ended.get(1).flowType);
        assertEquals(2, table.stats().flows);
        assertEquals(1L, table.stats().flowsByType.get(FlowType.DNS));
    }

    private List<String> endEvents() {
        return obs.events.stream().filter(e -> e.startsWith("end")).toList();
    }
}
