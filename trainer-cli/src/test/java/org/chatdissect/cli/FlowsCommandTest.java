package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowsCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ChatDissect.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void missingInIsAUsageError() {
        assertEquals(2, run("flows", "--out", tmp.resolve("f.jsonl").toString()));
        assertTrue(err.toString().contains("--in"), err.toString());
    }

    @Test
    void nonPositiveTimeoutIsAUsageError() {
        assertEquals(2, run("flows", "--in", tmp.toString(), "--out", tmp.resolve("f.jsonl").toString(),
                "--udp-timeout", "0"));
    }

    @Test
    void missingInputIsBadInputOnOneLine() {
        Path missing = tmp.resolve("nope.pcap");
        assertEquals(1, run("flows", "--in", missing.toString(), "--out", tmp.resolve("f.jsonl").toString()));
        assertEquals("chatdissect flows: " + missing + ": no such file", err.toString().strip());
        assertTrue(Files.notExists(tmp.resolve("f.jsonl")), "no output file on failure");
    }

    @Test
    void realCapturesTwiceGiveIdenticalOutputAndCountsAddUp() throws Exception {
        Path dir = Path.of(System.getProperty("chatdissect.root", "."), "..", "shared", "captures", "ndpi");
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared captures missing at " + dir.normalize());
        Path a = dir.resolve("443-firefox.pcap");
        Path b = dir.resolve("http_ipv6.pcap");
        try (PacketSource s = CaptureReader.open(List.of(a), new CaptureStats())) {
            // the reader has landed
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("capture reader is still a stub (" + e.getMessage() + "); runs after the merge");
        }
        Path o1 = tmp.resolve("1.jsonl");
        Path o2 = tmp.resolve("2.jsonl");
        assertEquals(0, run("flows", "--in", a.toString(), "--in", b.toString(), "--out", o1.toString()), err.toString());
        String summary = out.toString();
        assertEquals(0, run("flows", "--in", a.toString(), "--in", b.toString(), "--out", o2.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(o1), Files.readAllBytes(o2));
        List<String> lines = Files.readAllLines(o1);
        assertTrue(lines.size() > 10, "flows written: " + lines.size());
        assertTrue(lines.get(0).startsWith("{\"file\":"), lines.get(0));
        long read = number(summary, "packets read: ");
        long decoded = number(summary, "  decoded: ");
        long undecoded = number(summary, "  undecoded: ");
        assertEquals(read, decoded + undecoded, summary);
        assertEquals(lines.size(), number(summary, "flows: "), summary);
    }

    private static long number(String text, String prefix) {
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length()).strip());
            }
        }
        throw new AssertionError("no line '" + prefix + "' in\n" + text);
    }
}
