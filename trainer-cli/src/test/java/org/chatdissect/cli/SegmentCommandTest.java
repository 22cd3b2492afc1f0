package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.datasets.net.HandCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatdissect segment}: output shape, determinism and exit codes. */
class SegmentCommandTest {
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

    @Test
    void badUsageAndBadInput() {
        Path seg = dir.resolve("seg.jsonl");
        assertEquals(1, run("segment", "--in", dir.resolve("missing.pcap").toString(), "--out", seg.toString()));
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(2, run("segment", "--in", dir.toString(), "--preset", "fast", "--out", seg.toString()));
        assertEquals(2, run("segment", "--in", dir.toString(), "--scope", "-3", "--out", seg.toString()));
        assertEquals(2, run("segment", "--in", dir.toString(), "--set", "ve.windw=3", "--out", seg.toString()));
    }

    /**
     * A small pcap of UDP flows carrying a fixed header (constant a53c, opcode, 2-byte counter, then random bytes),
     * written by hand so the test needs no generator run.
     */
    static Path smallCapture(Path file) throws Exception {
        java.util.Random r = new java.util.Random(5);
        HandCapture capture = new HandCapture().clock(1_000_000_000_000L, 1_000_000L);
        for (int i = 0; i < 600; i++) {
            int flow = i % 3;
            byte[] payload = new byte[24];
            r.nextBytes(payload);
            payload[0] = (byte) 0xa5;
            payload[1] = 0x3c;
            payload[2] = (byte) (1 + r.nextInt(3));
            payload[3] = (byte) ((i / 3) >>> 8);
            payload[4] = (byte) (i / 3);
            capture.udp("10.0.0.1", 40000 + flow, "10.0.0.2", 9000, payload);
        }
        return capture.write(file);
    }

    @Test
    void oneLinePerMessageDeterministic() throws Exception {
        Path pcap = smallCapture(dir.resolve("small.pcap"));
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertEquals(0, run("segment", "--in", pcap.toString(), "--preset", "improved", "--out", a.toString()), err);
        assertEquals(0, run("segment", "--in", pcap.toString(), "--preset", "improved", "--out", b.toString()), err);
        assertEquals(Files.readString(a), Files.readString(b));
        List<String> lines = Files.readAllLines(a);
        assertEquals(600, lines.size());
        assertTrue(lines.get(0).startsWith("{\"file\":\"small.pcap\",\"frame\":1,\"flow\":\"10.0.0.1:40000-10.0.0.2:9000/udp#1\","
                + "\"length\":24,\"boundaries\":["), lines.get(0));
        assertTrue(lines.get(1).contains("\"frame\":4,\"flow\":\"10.0.0.1:40000-10.0.0.2:9000/udp#1\""), "flows in turn");
        assertTrue(lines.get(200).contains("\"frame\":2,\"flow\":\"10.0.0.1:40001-10.0.0.2:9000/udp#2\""), lines.get(200));
        assertTrue(lines.stream().allMatch(l -> l.contains("{\"offset\":0,\"length\":2,\"type\":\"constant\"}")), lines.get(0));
        assertEquals(0, run("segment", "--in", pcap.toString(), "--scope", "all", "--out", a.toString()), err);
        assertTrue(Files.readAllLines(a).get(0).contains("\"length\":24"));
    }

    @Test
    void aCutCaptureIsCountedAndWarnedAbout() throws Exception {
        Path pcap = smallCapture(dir.resolve("whole.pcap"));
        byte[] b = Files.readAllBytes(pcap);
        Path cut = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(b, b.length - 10));
        Path seg = dir.resolve("cut.jsonl");
        assertEquals(0, run("segment", "--in", cut.toString(), "--out", seg.toString()), err);
        assertEquals(599, Files.readAllLines(seg).size());
        assertTrue(out.contains("packets read: 600\n"), out);
        assertTrue(out.contains("    truncated_record: 1\n"), out);
        assertTrue(out.contains("warnings: 1\n  warning: " + cut + ": frame 600 cut short"), out);
    }
}
