package org.chatdissect.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.datasets.truth.GroundTruth;
import org.chatdissect.datasets.truth.TruthFlow;
import org.chatdissect.datasets.truth.TruthMessage;
import org.chatdissect.datasets.wechat.WeChatCatalog;
import org.chatdissect.datasets.wechat.WeChatTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class WeChatControlledTest {
    @TempDir
    static Path dir;
    static GeneratedCapture cap;
    static List<PcapFile.Frame> frames;
    static GroundTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        cap = Generate.run(Scenario.CONTROLLED, App.WECHAT, 42, dir.resolve("a"), 0, Set.of());
        frames = PcapFile.read(cap.pcap());
        truth = GroundTruth.load(cap.dir());
    }

    @Test
    void catalogueCoversTableIvWithSendPictureNine() {
        assertTrue(WeChatCatalog.tasks().size() >= 40);
        assertEquals(9, WeChatCatalog.byName("send_picture").opcode());
        Set<String> services = new HashSet<>();
        WeChatCatalog.tasks().forEach(t -> services.add(t.service()));
        assertEquals(Set.of("instant messaging", "real-time chatting", "social networking", "media access", "system"), services);
    }

    @Test
    void wtcpHeaderMatchesFigure2() {
        Map<Integer, Integer> opcodeCount = new HashMap<>();
        Set<Long> seqFirstBytes = new HashSet<>();
        int checked = 0;
        for (TruthMessage m : truth.messages()) {
            if (!m.app().equals("wechat") || !m.transport().equals("tcp") || m.opcode() == null) {
                continue;
            }
            byte[] p = frames.get((int) m.frame() - 1).payload();
            assertTrue(p.length >= 16, "protocol packet shorter than the header");
            long len = ((p[0] & 0xffL) << 24) | ((p[1] & 0xff) << 16) | ((p[2] & 0xff) << 8) | (p[3] & 0xff);
            assertEquals(m.length(), len, "bytes 0-3 = whole message length");
            assertArrayEquals(new byte[] {0x00, 0x10, 0x00, 0x01}, java.util.Arrays.copyOfRange(p, 4, 8));
            byte[] rr = java.util.Arrays.copyOfRange(p, 8, 11);
            boolean response = java.util.Arrays.equals(rr, new byte[] {0x3b, (byte) 0x9a, (byte) 0xca});
            assertTrue(response || java.util.Arrays.equals(rr, new byte[3]), "bytes 8-10 request/response mark");
            assertEquals(Integer.parseInt(m.opcode().substring(2), 16), p[11] & 0xff, "byte 11 opcode");
            opcodeCount.merge(p[11] & 0xff, 1, Integer::sum);
            checked++;
        }
        assertTrue(checked > 200, "checked " + checked);
        assertTrue(opcodeCount.containsKey(9), "send picture (opcode 9) present");
        assertTrue(opcodeCount.containsKey(6), "heartbeats present");
    }

    @Test
    void requestAndResponseShareSequenceNumber() {
        TruthMessage prev = null;
        int pairs = 0;
        for (TruthMessage m : truth.messages()) {
            if (!m.app().equals("wechat") || !m.transport().equals("tcp") || m.opcode() == null) {
                continue;
            }
            if (prev != null && prev.task().equals(m.task()) && !prev.direction().equals(m.direction())) {
                byte[] a = frames.get((int) prev.frame() - 1).payload();
                byte[] b = frames.get((int) m.frame() - 1).payload();
                assertArrayEquals(java.util.Arrays.copyOfRange(a, 12, 16), java.util.Arrays.copyOfRange(b, 12, 16));
                pairs++;
                prev = null;
                continue;
            }
            prev = m;
        }
        assertTrue(pairs > 100);
    }

    @Test
    void largeTaskIsOneProtocolPacketThenContinuation() {
        TruthMessage big = truth.messages().stream()
                .filter(m -> m.task().equals("receive_video") && m.direction().equals("down")).findFirst().orElseThrow();
        assertTrue(big.length() > 5000);
        PcapFile.Frame first = frames.get((int) big.frame() - 1);
        assertEquals(1460, first.payload().length, "first segment MSS-sized");
        PcapFile.Frame next = frames.stream().skip(big.frame()).filter(f -> f.key().equals(first.key()) && f.payload().length > 0)
                .findFirst().orElseThrow();
        assertEquals((first.seq() + 1460) & 0xffffffffL, next.seq(), "continuation follows in sequence");
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(next.payload(), 4, 8), new byte[] {0, 0x10, 0, 1}));
    }

    @Test
    void wudpFourSignatureTypes() {
        int hbUp = 0, hbDown = 0, content = 0, sig = 0;
        for (TruthMessage m : truth.messages()) {
            if (!m.app().equals("wechat") || !m.transport().equals("udp") || m.serverPort() == 53) {
                continue;
            }
            byte[] p = frames.get((int) m.frame() - 1).payload();
            switch (m.task()) {
                case "chat_heartbeat" -> {
                    assertEquals((byte) 0xD7, p[1]);
                    assertArrayEquals(new byte[] {0, 0, 1}, java.util.Arrays.copyOfRange(p, 3, 6));
                    if (m.direction().equals("up")) {
                        assertArrayEquals(new byte[] {0x5A, 0x01}, java.util.Arrays.copyOfRange(p, 8, 10));
                        assertEquals(6, m.fields().size());
                        assertEquals(2, m.fields().get(5).length());
                        hbUp++;
                    } else {
                        assertArrayEquals(new byte[] {0x5A, 0x02, 0x00}, java.util.Arrays.copyOfRange(p, 8, 11));
                        assertEquals(3, m.fields().get(5).length(), "downlink third constant is one byte longer");
                        hbDown++;
                    }
                }
                case "chat_signaling" -> {
                    assertArrayEquals(new byte[] {(byte) 0xA5, 0x3C}, java.util.Arrays.copyOfRange(p, 0, 2));
                    assertEquals(1, p[7]);
                    assertArrayEquals(new byte[] {0, 0, 0x27, 0x10}, java.util.Arrays.copyOfRange(p, 9, 13));
                    sig++;
                }
                default -> {
                    assertTrue(Set.of(0x10, 0x11, 0x12).contains(p[1] & 0xff), "content opcode at byte 1");
                    assertEquals(0x6B, p[4] & 0xff);
                    content++;
                }
            }
        }
        assertTrue(hbUp > 0 && hbDown > 0 && content > 100 && sig > 10, hbUp + " " + hbDown + " " + content + " " + sig);
    }

    @Test
    void whttpAndWdnsCarryTheDocumentedNames() {
        Set<String> hosts = new HashSet<>();
        for (TruthFlow f : truth.flows()) {
            if (f.app().equals("wechat") && f.flowType().equals("HTTP")) {
                hosts.add(f.serverName());
            }
        }
        assertTrue(hosts.contains("mmsns.qpic.cn") && hosts.contains("wx.qlogo.cn") && hosts.contains("support.weixin.qq.com"), hosts.toString());
        String all = frames.stream().filter(f -> f.proto() == 6 && f.dport() == 80 && f.payload().length > 0)
                .map(f -> new String(f.payload(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .filter(s -> s.startsWith("GET ") || s.startsWith("POST ")).reduce("", String::concat);
        assertTrue(all.contains("User-Agent: MicroMessenger Client"));
        assertTrue(all.contains("/cgi-bin/micromsg-bin/voipstatreport"));
        assertTrue(all.contains("/cgi-bin/mmsupport-bin/"));
        assertTrue(all.contains("Referer: ") && (all.contains("weixin") || all.contains("wechat")));
    }

    @Test
    void tcpSequenceAndAckContinuity() {
        Map<String, Long> next = new HashMap<>();
        for (PcapFile.Frame f : frames) {
            if (f.proto() != 6) {
                continue;
            }
            int syn = (f.flags() & 0x02) != 0 ? 1 : 0;
            int fin = (f.flags() & 0x01) != 0 ? 1 : 0;
            Long exp = next.get(f.key());
            if (exp != null && (f.flags() & 0x04) == 0) {
                assertEquals(exp.longValue(), f.seq(), "frame " + f.number() + " seq continues");
            }
            next.put(f.key(), (f.seq() + syn + fin + f.payload().length) & 0xffffffffL);
            if ((f.flags() & 0x10) != 0) {
                String rev = f.proto() + " " + f.dst() + " " + f.dport() + " " + f.src() + " " + f.sport();
                Long other = next.get(rev);
                if (other != null) {
                    assertTrue(((other - f.ack()) & 0xffffffffL) < 0x7fffffffL, "frame " + f.number() + " acks no unseen data");
                }
            }
        }
    }

    @Test
    void everyFrameBelongsToATruthFlowAndMessagesPointAtFrames() {
        Set<String> keys = new HashSet<>();
        for (TruthFlow f : truth.flows()) {
            keys.add(f.transport() + " " + f.clientIp() + " " + f.clientPort() + " " + f.serverIp() + " " + f.serverPort());
            assertTrue(f.firstFrame() >= 1 && f.firstFrame() <= frames.size());
        }
        for (PcapFile.Frame f : frames) {
            String t = f.proto() == 6 ? "tcp" : "udp";
            assertTrue(keys.contains(t + " " + f.src() + " " + f.sport() + " " + f.dst() + " " + f.dport())
                    || keys.contains(t + " " + f.dst() + " " + f.dport() + " " + f.src() + " " + f.sport()), "frame " + f.number());
        }
        for (TruthMessage m : truth.messages()) {
            assertTrue(keys.contains(m.flowKey()));
            PcapFile.Frame f = frames.get((int) m.frame() - 1);
            assertTrue(f.payload().length > 0, "message frame carries payload");
        }
    }

    @Test
    void manifestListsUserTasksOnlyWithRepetitions() throws IOException {
        List<String> lines = Files.readAllLines(cap.manifest());
        assertEquals("start,end,task,client,service", lines.get(0));
        // two phones as in the paper: an Android client (W-TCP) and an iPhone client (W-HTTP)
        Map<String, Map<String, Integer>> count = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            assertTrue(c[0].matches("\\d+\\.\\d{6}") && c[1].matches("\\d+\\.\\d{6}"));
            assertTrue(Double.parseDouble(c[1]) >= Double.parseDouble(c[0]));
            assertTrue(c[3].equals("10.0.0.1") || c[3].equals("10.0.0.2"), c[3]);
            assertEquals(WeChatCatalog.byName(c[2]).service(), c[4]);
            count.computeIfAbsent(c[3], k -> new HashMap<>()).merge(c[2], 1, Integer::sum);
        }
        assertEquals(2, count.size());
        for (Map<String, Integer> perDevice : count.values()) {
            for (WeChatTask t : WeChatCatalog.userTasks()) {
                assertTrue(perDevice.getOrDefault(t.name(), 0) >= 5, t.name());
            }
        }
        assertFalse(count.containsKey("heartbeat"));
        assertFalse(count.containsKey("sync"));
    }

    @Test
    void excludedTasksAreAbsentAndSameSeedIsByteIdentical() throws Exception {
        GeneratedCapture b = Generate.run(Scenario.CONTROLLED, App.WECHAT, 42, dir.resolve("b"), 0, Set.of());
        assertEquals(sha(cap.pcap()), sha(b.pcap()));
        assertEquals(sha(cap.truthMessages()), sha(b.truthMessages()));
        GeneratedCapture c = Generate.run(Scenario.CONTROLLED, App.WECHAT, 42, dir.resolve("c"), 0, Set.of("send_picture", "like_post"));
        String m = Files.readString(c.manifest());
        assertFalse(m.contains(",send_picture,") || m.contains(",like_post,"));
        assertTrue(GroundTruth.load(c.dir()).messages().stream().noneMatch(x -> x.task().equals("send_picture")));
        assertThrows(IllegalArgumentException.class,
                () -> Generate.run(Scenario.CONTROLLED, App.WECHAT, 1, dir.resolve("d"), 0, Set.of("no_such_task")));
    }

    static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
