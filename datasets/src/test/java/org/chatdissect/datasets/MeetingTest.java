package org.chatdissect.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.datasets.meeting.MeetingClient;
import org.chatdissect.datasets.truth.GroundTruth;
import org.chatdissect.datasets.truth.TruthMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meeting system (seed 003): control text, length prefixes and the remote-control structs on the capture. */
class MeetingTest {
    @TempDir
    static Path dir;
    static GeneratedCapture cap;
    static List<PcapFile.Frame> frames;
    static GroundTruth truth;

    @BeforeAll
    static void generate() throws Exception {
        cap = Generate.run(Scenario.CONTROLLED, App.MEETING, 5, dir.resolve("m"), 0, Set.of());
        frames = PcapFile.read(cap.pcap());
        truth = GroundTruth.load(cap.dir());
    }

    private static byte[] payload(TruthMessage m) {
        return frames.get((int) m.frame() - 1).payload();
    }

    private static long le(byte[] p, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (p[o + i] & 0xff);
        }
        return v;
    }

    @Test
    void controlMessagesAreHeaderCrLfCrLfData() {
        Set<String> headers = new HashSet<>();
        for (TruthMessage m : truth.messages()) {
            if (m.serverPort() != MeetingClient.CONTROL) {
                continue;
            }
            String s = new String(payload(m), StandardCharsets.US_ASCII);
            assertEquals(m.length(), s.length());
            int sep = s.indexOf("\r\n\r\n");
            assertTrue(sep > 0, s);
            headers.add(s.substring(0, sep) + (m.direction().equals("up") ? " >" : " <"));
        }
        assertTrue(headers.containsAll(Set.of("create room >", "join room >", "quit room >", "close room >", "set admin >",
                "transfer host >", "clients >", "clients <", "create room <")), headers.toString());
        // the seed's capture: create room 16 bytes, reply 18, clients 11, reply 25 for a 10.x.y.z address of that length
        assertTrue(truth.messages().stream().anyMatch(m -> m.serverPort() == 5000 && m.length() == 16));
    }

    @Test
    void lengthPrefixesMatchTheData() throws Exception {
        int audio = 0, video = 0, screen = 0;
        for (TruthMessage m : truth.messages()) {
            byte[] p = payload(m);
            if (m.fields().isEmpty()) {
                continue;
            }
            switch (m.serverPort()) {
                case MeetingClient.AUDIO, MeetingClient.SCREEN -> {
                    assertEquals(m.length() - 8, le(p, 0), "8-byte little-endian length of the data");
                    if (m.serverPort() == MeetingClient.AUDIO) {
                        audio++;
                    } else {
                        screen++;
                    }
                }
                case MeetingClient.VIDEO -> {
                    int ipLen = (int) le(p, 0);
                    String ip = new String(p, 8, ipLen, StandardCharsets.US_ASCII);
                    assertTrue(ip.matches("[0-9.]+"), ip);
                    assertEquals(m.length() - 16 - ipLen, le(p, 8 + ipLen));
                    video++;
                }
                default -> { }
            }
        }
        assertTrue(audio > 100 && video > 50 && screen > 10, audio + " " + video + " " + screen);
        // the truth says which lengths are little-endian
        String lines = Files.readString(cap.truthMessages());
        assertTrue(lines.contains("{\"offset\":0,\"length\":8,\"type\":\"length\",\"endian\":\"le\"}"));
        assertTrue(lines.contains("{\"offset\":1,\"length\":4,\"type\":\"length\",\"endian\":\"be\"}"));
    }

    @Test
    void remoteControlStructs() {
        int shots = 0, clicks = 0;
        Map<String, Long> pendingShot = new HashMap<>();
        for (TruthMessage m : truth.messages()) {
            if (m.serverPort() != MeetingClient.REMOTE) {
                continue;
            }
            byte[] p = payload(m);
            if (m.direction().equals("up")) {
                assertEquals(6, m.length(), ">BBHH is 6 bytes");
                assertEquals(1, p[0]);
                assertEquals(100, p[1]);
                clicks++;
            } else if (m.length() == 5) {
                assertEquals(1, p[0]);
                pendingShot.put(m.flowKey(), ((p[1] & 0xffL) << 24) | ((p[2] & 0xff) << 16) | ((p[3] & 0xff) << 8) | (p[4] & 0xff));
                shots++;
            } else {
                assertEquals(pendingShot.remove(m.flowKey()), m.length(), "image follows its >BI length");
            }
        }
        assertTrue(shots > 20 && clicks > 5, shots + " " + clicks);
    }

    @Test
    void truthAndDeterminism() throws Exception {
        Set<String> services = new HashSet<>();
        truth.messages().forEach(m -> {
            assertEquals("meeting", m.app());
            services.add(m.service());
        });
        assertEquals(Set.of("control", "audio", "video", "screen", "remote control"), services);
        GeneratedCapture again = Generate.run(Scenario.CONTROLLED, App.MEETING, 5, dir.resolve("m2"), 0, Set.of());
        assertEquals(WeChatControlledTest.sha(cap.pcap()), WeChatControlledTest.sha(again.pcap()));
    }
}
