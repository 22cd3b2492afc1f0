package org.chatdissect.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.datasets.skype.SkypeClient;
import org.chatdissect.datasets.truth.GroundTruth;
import org.chatdissect.datasets.truth.TruthMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skype (seed 004, Baset and Schulzrinne) checked against the seed's figures on the capture. */
class SkypeTest {
    @TempDir
    static Path dir;
    static GeneratedCapture cap;
    static List<PcapFile.Frame> frames;
    static GroundTruth truth;
    static String device;

    @BeforeAll
    static void generate() throws Exception {
        cap = Generate.run(Scenario.CONTROLLED, App.SKYPE, 3, dir.resolve("s"), 0, Set.of());
        frames = PcapFile.read(cap.pcap());
        truth = GroundTruth.load(cap.dir());
        device = java.nio.file.Files.readAllLines(cap.manifest()).get(1).split(",")[3];
    }

    private static byte[] payload(TruthMessage m) {
        return frames.get((int) m.frame() - 1).payload();
    }

    @Test
    void startupHttpAndProbesToTheSevenHostCacheNodes() {
        Set<String> probed = new HashSet<>();
        for (PcapFile.Frame f : frames) {
            if (f.proto() == 17 && f.dport() == SkypeClient.HC_PORT && f.payload().length == 18) {
                probed.add(f.dst());
            }
        }
        assertEquals(Set.of(SkypeClient.HOST_CACHE), probed);
        List<String> gets = new ArrayList<>();
        for (TruthMessage m : truth.messages()) {
            if (!m.clientIp().equals(device)) {
                continue; // the second lab device repeats the same start-up
            }
            byte[] p = payload(m);
            String s = new String(p, StandardCharsets.UTF_8);
            if (s.startsWith("GET ")) {
                assertTrue(s.contains("\r\nUser-Agent: Skype\u2122 Beta 0.97\r\nHost: ui.skype.com\r\n"), s);
                gets.add(s.substring(0, s.indexOf("\r\n")));
            }
            if (s.startsWith("HTTP/1.1 200 OK") && s.contains("chunked")) {
                assertTrue(s.endsWith("\r\n\r\n2\r\n96\r\n0\r\n\r\n"));
            }
        }
        // every launch of the app (the experiment relaunches it between sessions) sends the same pair
        assertFalse(gets.isEmpty());
        for (int i = 0; i < gets.size(); i++) {
            assertEquals(i % 2 == 0 ? "GET /ui/0/97/en/installed HTTP/1.1" : "GET /ui/0/97/en/getlatestversion?ver=0.97.0.6 HTTP/1.1",
                    gets.get(i));
        }
    }

    @Test
    void loginServerMessagesFollowFigure4() {
        List<TruthMessage> login = new ArrayList<>();
        for (TruthMessage m : truth.messages()) {
            if (m.transport().equals("tcp") && List.of(SkypeClient.LOGIN_SERVERS).contains(m.serverIp())
                    && m.clientIp().equals(device)) {
                login.add(m);
            }
        }
        assertEquals(0, login.size() % 4, "four messages per login");
        login = login.subList(0, 4);
        assertTrue(login.get(0).serverPort() == 33033 || login.get(0).serverPort() == 443);
        assertArrayEquals(new byte[] {22, 3, 1, 0, 0}, payload(login.get(0)));
        assertArrayEquals(new byte[] {23, 3, 1, 0, 0}, payload(login.get(1)));
        byte[] m3 = payload(login.get(2));
        assertEquals("up", login.get(2).direction());
        assertEquals(413, m3.length);
        assertArrayEquals(new byte[] {22, 3, 1, 0}, java.util.Arrays.copyOf(m3, 4));
        assertEquals(205, m3[4] & 0xff);
        assertArrayEquals(new byte[] {23, 3, 1, 0}, java.util.Arrays.copyOfRange(m3, 210, 214));
        assertEquals(198, m3[214] & 0xff);
        assertEquals(413, 5 + 205 + 5 + 198);
        byte[] m4 = payload(login.get(3));
        assertEquals("down", login.get(3).direction());
        assertEquals(222, m4.length);
        assertArrayEquals(new byte[] {23, 3, 1, 0}, java.util.Arrays.copyOf(m4, 4));
        assertEquals(217, m4[4] & 0xff);
        // the super-node exchange before it: UDP 41/64 with a host-cache node, TCP 357/4032
        Set<Long> sizes = new HashSet<>();
        truth.messages().stream().filter(m -> m.service().equals("login")).forEach(m -> sizes.add(m.length()));
        assertTrue(sizes.containsAll(Set.of(18L, 41L, 64L, 357L, 4032L)), sizes.toString());
    }

    @Test
    void twoByteRefreshesEvery120Seconds() {
        Map<String, List<Long>> byFlow = new HashMap<>();
        for (TruthMessage m : truth.messages()) {
            if (m.task().equals("keep_alive")) {
                assertEquals("keep-alive", m.service());
                assertEquals("tcp", m.transport());
                assertEquals(2, payload(m).length);
                if (m.direction().equals("up")) {
                    byFlow.computeIfAbsent(m.flowKey(), k -> new ArrayList<>()).add(frames.get((int) m.frame() - 1).tsMicros());
                }
            }
        }
        assertTrue(byFlow.values().stream().anyMatch(t -> t.size() >= 3), "refreshes: " + byFlow);
        for (List<Long> times : byFlow.values()) {
            for (int i = 1; i < times.size(); i++) {
                assertEquals(120.0, (times.get(i) - times.get(i - 1)) / 1e6, 1.0);
            }
        }
    }

    @Test
    void searchVoiceAndConference() {
        Map<String, long[]> voice = new HashMap<>(); // flow -> first ts, last ts, count, up
        Map<String, String> service = new HashMap<>();
        boolean search = false;
        for (TruthMessage m : truth.messages()) {
            if (m.task().equals("search_user") && m.transport().equals("tcp")) {
                assertTrue(m.length() == 13 || m.length() == 48);
                search = true;
            }
            if ((m.task().equals("voice_call") || m.task().equals("conference_call")) && m.transport().equals("udp")
                    && m.clientIp().equals(device)) {
                assertTrue(m.length() >= 40 && m.length() <= 120, "voice size " + m.length());
                assertEquals(m.length(), payload(m).length);
                long ts = frames.get((int) m.frame() - 1).tsMicros();
                long[] v = voice.computeIfAbsent(m.flowKey(), k -> new long[] {ts, ts, 0, 0});
                v[1] = ts;
                v[2]++;
                v[3] += m.direction().equals("up") ? 1 : 0;
                service.put(m.flowKey(), m.service());
            }
        }
        assertTrue(search);
        int conferenceFlows = 0;
        for (Map.Entry<String, long[]> e : voice.entrySet()) {
            long[] v = e.getValue();
            double secs = (v[1] - v[0]) / 1e6;
            double rate = v[2] / secs;
            assertEquals(SkypeClient.VOICE_PPS_TOTAL, rate, 5.0, "voice packets per second, both directions");
            assertEquals(0.5, (double) v[3] / v[2], 0.02, "symmetric");
            assertTrue(e.getKey().contains(" " + device + " "));
            conferenceFlows += service.get(e.getKey()).equals("conference") ? 1 : 0;
        }
        assertTrue(conferenceFlows >= 10 && conferenceFlows % 2 == 0, "two legs per conference: " + conferenceFlows);
        assertTrue(voice.size() - conferenceFlows >= 5);
    }

    @Test
    void truthIsConsistentAndDeterministic() throws Exception {
        Set<String> services = new HashSet<>();
        for (TruthMessage m : truth.messages()) {
            assertEquals("skype", m.app());
            services.add(m.service());
        }
        assertEquals(Set.of("login", "keep-alive", "search", "voice call", "conference"), services);
        GeneratedCapture again = Generate.run(Scenario.CONTROLLED, App.SKYPE, 3, dir.resolve("s2"), 0, Set.of());
        assertEquals(WeChatControlledTest.sha(cap.pcap()), WeChatControlledTest.sha(again.pcap()));
        assertEquals(WeChatControlledTest.sha(cap.truthMessages()), WeChatControlledTest.sha(again.truthMessages()));
    }
}
