package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chatdissect.datasets.net.HandCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segment --preset improved} on length-prefix framed TCP streams written by hand: frames
 * {@code a7 | length(2, BE) of the bytes after it | data}, several frames in one segment, a frame split over segments
 * (its header too). Every frame is reported, with the frame number of the packet holding its first byte and its
 * offset there; the paper preset still reports packets.
 */
class SegmentFramingCommandTest {
    @TempDir
    Path dir;
    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = ChatDissect.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return rc;
    }

    /** A frame the capture holds: frame number of the packet holding its first byte, offset there, length. */
    record Expected(String flow, long frame, int offset, int length) {}

    static final int FIN = HandCapture.FIN;
    static final int SYN = HandCapture.SYN;
    static final int PSH = HandCapture.PSH;
    static final int ACK = HandCapture.ACK;

    /**
     * Four connections; the client sends ten frames in eight segments: {@code f0 | f1 f2 | f3a | f3b f4a | f4b |
     * f5 f6 f7 | f8 | f9}, where f4's split falls inside its 3-byte header; the server answers once (8 bytes).
     */
    static List<Expected> framedCapture(Path file) throws Exception {
        Random r = new Random(11);
        HandCapture pcap = new HandCapture().clock(1_001_000L, 1000L);
        String client = "10.0.0.1";
        String server = "10.0.0.2";
        List<Expected> expected = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int cport = 41000 + c;
            String flow = "10.0.0.1:" + cport + "-10.0.0.2:7000/tcp#" + (pcap.frames().size() + 1);
            byte[][] frames = new byte[10][];
            for (int i = 0; i < frames.length; i++) {
                int n = i == 3 ? 300 + r.nextInt(200) : 5 + r.nextInt(250); // one frame over 255 bytes per stream
                frames[i] = new byte[3 + n];
                r.nextBytes(frames[i]);
                frames[i][0] = (byte) 0xa7;
                frames[i][1] = (byte) (n >>> 8);
                frames[i][2] = (byte) n;
            }
            int half = frames[3].length / 2;
            // segments as (frame, from, to) pieces
            int[][][] segs = {
                {{0, 0, -1}}, {{1, 0, -1}, {2, 0, -1}}, {{3, 0, half}}, {{3, half, -1}, {4, 0, 2}}, {{4, 2, -1}},
                {{5, 0, -1}, {6, 0, -1}, {7, 0, -1}}, {{8, 0, -1}}, {{9, 0, -1}},
            };
            long cseq = 1000 + 100_000L * c;
            long sseq = 5000 + 100_000L * c;
            pcap.tcpAt(client, cport, server, 7000, cseq, 0, SYN, new byte[0]);
            pcap.tcpAt(server, 7000, client, cport, sseq, cseq + 1, SYN | ACK, new byte[0]);
            cseq++;
            sseq++;
            pcap.tcpAt(client, cport, server, 7000, cseq, sseq, ACK, new byte[0]);
            for (int[][] seg : segs) {
                ByteArrayOutputStream p = new ByteArrayOutputStream();
                List<int[]> starts = new ArrayList<>();
                for (int[] piece : seg) {
                    byte[] f = frames[piece[0]];
                    int to = piece[2] < 0 ? f.length : piece[2];
                    if (piece[1] == 0) {
                        starts.add(new int[] {p.size(), f.length});
                    }
                    p.write(f, piece[1], to - piece[1]);
                }
                long n = pcap.tcpAt(client, cport, server, 7000, cseq, sseq, PSH | ACK, p.toByteArray());
                for (int[] s : starts) {
                    expected.add(new Expected(flow, n, s[0], s[1]));
                }
                cseq += p.size();
            }
            byte[] answer = new byte[8];
            r.nextBytes(answer);
            pcap.tcpAt(server, 7000, client, cport, sseq, cseq, PSH | ACK, answer);
            sseq += answer.length;
            pcap.tcpAt(client, cport, server, 7000, cseq, sseq, FIN | ACK, new byte[0]);
            pcap.tcpAt(server, 7000, client, cport, sseq, cseq + 1, FIN | ACK, new byte[0]);
            pcap.tcpAt(client, cport, server, 7000, cseq + 1, sseq + 1, ACK, new byte[0]);
        }
        pcap.write(file);
        return expected;
    }

    private List<JsonNode> report(Path pcap, String preset) throws Exception {
        Path seg = dir.resolve(preset + ".jsonl");
        assertEquals(0, run("segment", "--in", pcap.toString(), "--preset", preset, "--out", seg.toString()), err);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(seg)) {
            out.add(json.readTree(l));
        }
        return out;
    }

    @Test
    void everyFrameIsReportedWithItsPacketAndOffset() throws Exception {
        Path pcap = dir.resolve("framed.pcap");
        List<Expected> expected = framedCapture(pcap);
        List<JsonNode> rep = report(pcap, "improved");
        List<Expected> frames = new ArrayList<>();
        for (JsonNode m : rep) {
            if (m.has("framing")) {
                assertEquals("1-2 length big +3", m.get("framing").asText(), m.toString());
                frames.add(new Expected(m.get("flow").asText(), m.get("frame").asLong(), m.get("offset").asInt(),
                        m.get("length").asInt()));
                JsonNode len = m.get("fields").get(1);
                assertEquals("length", len.get("type").asText(), m.toString());
                assertEquals(1, len.get("offset").asInt());
                assertEquals(2, len.get("length").asInt());
                assertEquals("big", len.get("endian").asText());
                assertEquals(3, len.get("adjust").asInt());
                assertTrue(len.get("max").asLong() >= 503, m.toString());
                assertEquals("{\"offset\":0,\"length\":1,\"type\":\"constant\"}", m.get("fields").get(0).toString());
            } else {
                assertFalse(m.has("offset"), m.toString());
                assertEquals(8, m.get("length").asInt(), "only the server's answers are messages of packets: " + m);
            }
        }
        assertEquals(expected, frames);
        assertEquals(44, rep.size(), "40 frames and 4 answers");
        // two frames in one segment: the second one with its offset in the packet
        Expected second = expected.get(2);
        assertEquals(expected.get(1).frame(), second.frame());
        assertEquals(expected.get(1).length(), second.offset());
        assertTrue(out.contains("40 frames of 4 length-prefix framed TCP directions"), out);
    }

    @Test
    void thePaperPresetReportsPackets() throws Exception {
        Path pcap = dir.resolve("framed.pcap");
        framedCapture(pcap);
        List<JsonNode> rep = report(pcap, "paper");
        assertTrue(rep.stream().noneMatch(m -> m.has("framing") || m.has("offset")));
        assertTrue(rep.stream().allMatch(m -> m.get("fields").findValues("adjust").isEmpty()));
        assertFalse(out.contains("frames"), out);
    }
}
