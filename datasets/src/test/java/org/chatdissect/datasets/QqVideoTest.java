package org.chatdissect.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.datasets.truth.GroundTruth;
import org.chatdissect.datasets.truth.TruthFlow;
import org.chatdissect.datasets.truth.TruthMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QQ video (seed 000, Tables I-IV) checked byte by byte on the capture, via the ground truth. */
@Tag("slow")
class QqVideoTest {
    @TempDir
    Path dir;

    private static int u(byte[] p, int o, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (p[o + i] & 0xff);
        }
        return (int) v;
    }

    private static long ul(byte[] p, int o, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (p[o + i] & 0xff);
        }
        return v;
    }

    /** Per flow direction: the last header values, to check increments. */
    private static final class State {
        int ms = -1;
        long vs = -1;
        int rtpSeq = -1;
        long sn = -1;
        long ff = -1;
        int frag = -1;
        int count;
        long qq = -1;
        int mode = -1;
        long ssrc = -1;
    }

    @Test
    void commandRtpExtensionAndVp8MatchTheSeed() throws IOException {
        Set<Integer> modes = new HashSet<>();
        int packets = 0;
        int keyFrames = 0;
        for (long seed = 1; seed <= 3; seed++) {
            GeneratedCapture c = Generate.run(Scenario.CONTROLLED, App.QQVIDEO, seed, dir.resolve("v" + seed), 0, Set.of());
            List<PcapFile.Frame> frames = PcapFile.read(c.pcap());
            GroundTruth t = GroundTruth.load(c.dir());
            Map<String, State> states = new HashMap<>();
            Map<String, Integer> flowMode = new HashMap<>();
            for (TruthMessage m : t.messages()) {
                // media is QQ video; login and call set-up ride QQ IM's OICQ channel, labelled qq
                assertEquals(m.task().equals("video") ? "qqvideo" : "qq", m.app(), m.task());
                if (!m.task().equals("video")) {
                    continue;
                }
                assertEquals("video call", m.service());
                PcapFile.Frame f = frames.get((int) m.frame() - 1);
                byte[] p = f.payload();
                assertEquals(m.length(), p.length, "one media packet per segment/datagram");
                assertTrue(p.length <= 1100, "fragments stay under ~1100 bytes: " + p.length);
                State s = states.computeIfAbsent(m.flowKey() + " " + m.direction(), k -> new State());
                int mode;
                int o;
                if (m.transport().equals("tcp")) {
                    mode = 2;
                    assertArrayEquals(new byte[] {0x00, 0x00, 0x2d, 0x00}, java.util.Arrays.copyOfRange(p, 2, 6), "FI");
                    assertEquals(0x03, p[8], "TVF");
                    assertEquals(0x03, p[9], "TVF");
                    int ms = u(p, 6, 2);
                    if (s.ms >= 0) {
                        int step = (ms - s.ms) & 0xffff;
                        assertTrue(step >= 1 && step <= 8, "MS step " + step);
                    }
                    s.ms = ms;
                    o = 10;
                } else {
                    int b0 = p[0] & 0xff;
                    assertTrue(b0 == 4 || b0 == 5);
                    mode = b0;
                    int p5 = 0;
                    if (b0 == 4) {
                        assertEquals(p.length, u(p, 3, 2), "L = UDP payload length");
                        assertEquals(p.length - 31, u(p, 29, 2), "PL = length of the part after PL");
                        assertEquals(0x0f15, u(p, 1, 2));
                        long qq = ul(p, 9, 4);
                        if (s.qq >= 0) {
                            assertEquals(s.qq, qq, "N = QQ number, fixed per stream");
                        }
                        s.qq = qq;
                        int nonZero = 0;
                        for (int i = 13; i < 29; i++) {
                            nonZero += p[i] != 0 ? 1 : 0;
                        }
                        assertTrue(nonZero <= 1, "UN mostly zero");
                        long sn = ul(p, 5, 4);
                        if (s.sn >= 0) {
                            long step = (sn - s.sn) & 0xffffffffL;
                            assertTrue(step >= 1 && step < 256, "SN random step " + step);
                        }
                        s.sn = sn;
                        p5 = 31;
                    }
                    assertEquals(0x05, p[p5], "BF");
                    assertArrayEquals(new byte[] {0x00, 0x2d, 0x64}, java.util.Arrays.copyOfRange(p, p5 + 3, p5 + 6), "VF");
                    assertEquals(0x03, p[p5 + 15], "EF");
                    int ms = u(p, p5 + 1, 2);
                    if (s.ms >= 0) {
                        int step = (ms - s.ms) & 0xffff;
                        assertTrue(step >= 1 && step <= 8, "MS step " + step);
                    }
                    s.ms = ms;
                    long vs = ul(p, p5 + 6, 5);
                    if (s.vs >= 0) {
                        assertEquals((s.vs + 1) & 0xffffffffffL, vs, "VS +1 per packet");
                    }
                    s.vs = vs;
                    o = p5 + 16;
                }
                if (s.mode >= 0) {
                    assertEquals(s.mode, mode, "one command-part case per session");
                }
                s.mode = mode;
                flowMode.merge(m.flowKey(), mode, (a, b) -> {
                    assertEquals(a, b, "both directions use the same case");
                    return a;
                });
                modes.add(mode);
                // RTP right after the command part
                assertEquals(2, (p[o] & 0xc0) >>> 6, "RTP version 2");
                assertEquals(96, p[o + 1] & 0x7f, "payload type");
                int rs = u(p, o + 2, 2);
                if (s.rtpSeq >= 0) {
                    assertEquals((s.rtpSeq + 1) & 0xffff, rs, "RTP sequence +1");
                }
                s.rtpSeq = rs;
                long ssrc = ul(p, o + 8, 4);
                if (s.ssrc >= 0) {
                    assertEquals(s.ssrc, ssrc);
                }
                s.ssrc = ssrc;
                // 8-byte extension: fragment number and count
                int e = o + 12;
                int frag = p[e] & 0xff;
                int count = p[e + 1] & 0xff;
                assertTrue(frag < count);
                long ff = m.transport().equals("tcp") ? u(p, 0, 2) : ul(p, (p[0] == 4 ? 31 : 0) + 11, 4);
                if (frag > 0) {
                    assertEquals(s.frag + 1, frag, "fragments in order");
                    assertEquals(s.ff, ff, "FF shared by the fragments of one frame");
                    assertEquals(s.count, count);
                } else if (s.frag >= 0) {
                    assertEquals(s.count - 1, s.frag, "previous frame complete");
                }
                assertEquals(frag == count - 1, (p[o + 1] & 0x80) != 0, "RTP marker on the last fragment");
                s.frag = frag;
                s.count = count;
                s.ff = ff;
                // VP8: payload descriptor (S bit on the first fragment), then the frame tag
                int d = e + 8;
                assertEquals(frag == 0 ? 0x10 : 0x00, p[d] & 0xff, "VP8 payload descriptor");
                if (frag == 0 && (p[d + 1] & 1) == 0) {
                    assertArrayEquals(new byte[] {(byte) 0x9d, 0x01, 0x2a}, java.util.Arrays.copyOfRange(p, d + 4, d + 7));
                    assertEquals(320, (p[d + 7] & 0xff) | (p[d + 8] & 0xff) << 8);
                    assertEquals(240, (p[d + 9] & 0xff) | (p[d + 10] & 0xff) << 8);
                    assertEquals(1, p[e + 4], "extension key-frame flag");
                    keyFrames++;
                }
                packets++;
            }
        }
        assertEquals(Set.of(2, 4, 5), modes, "UDP 0x05, UDP 0x04 and TCP all occur");
        assertTrue(packets > 5000 && keyFrames > 20, packets + " packets, " + keyFrames + " key frames");
    }

    @Test
    void truthCallSetupMediaAndDeterminism() throws Exception {
        GeneratedCapture c = Generate.run(Scenario.CONTROLLED, App.QQVIDEO, 7, dir.resolve("a"), 0, Set.of());
        GroundTruth t = GroundTruth.load(c.dir());
        Set<String> tasks = new HashSet<>();
        t.messages().forEach(m -> tasks.add(m.service() + "/" + m.task()));
        assertTrue(tasks.containsAll(Set.of("video call/call_setup", "video call/video", "video call/hang_up", "system/login",
                "system/keep_alive")), tasks.toString());
        Set<String> flowKeys = new HashSet<>();
        for (TruthFlow f : t.flows()) {
            assertTrue(f.app().equals("qqvideo") || f.app().equals("qq") && (f.serverPort() == 8000 || f.serverPort() == 53),
                    f.app() + " " + f.serverPort());
            flowKeys.add(f.transport() + " " + f.clientIp() + " " + f.clientPort() + " " + f.serverIp() + " " + f.serverPort());
        }
        for (TruthMessage m : t.messages()) {
            assertTrue(flowKeys.contains(m.flowKey()), "message on a declared flow");
            for (TruthMessage.Field fd : m.fields()) {
                assertTrue(fd.offset() + fd.length() <= m.length());
            }
        }
        List<String> manifest = java.nio.file.Files.readAllLines(c.manifest());
        assertTrue(manifest.stream().anyMatch(l -> l.contains(",video_call,")));
        assertTrue(manifest.stream().anyMatch(l -> l.contains(",answer_video_call,")));
        // the callee's media flow is opened by the peer
        String dev = manifest.get(1).split(",")[3];
        assertTrue(t.flows().stream().anyMatch(f -> f.service().equals("video call") && !f.clientIp().equals(dev)));
        GeneratedCapture again = Generate.run(Scenario.CONTROLLED, App.QQVIDEO, 7, dir.resolve("b"), 0, Set.of());
        assertEquals(WeChatControlledTest.sha(c.pcap()), WeChatControlledTest.sha(again.pcap()));
        assertEquals(WeChatControlledTest.sha(c.truthMessages()), WeChatControlledTest.sha(again.truthMessages()));
    }
}
