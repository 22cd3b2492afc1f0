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
        assertTrue(lines.get(0).matches("\\{\"uid\":\"C[0-9A-Za-z]{17}\",\"file\":.*"), lines.get(0));
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

    /**
     * flows.jsonl's {@code vlan}: the outermost VLAN id of a flow's first packet, null untagged; checked against
     * tshark's {@code vlan.id} of each flow's first frame when tshark is installed.
     */
    @Test
    void vlanIsTheFirstPacketsOuterTag() throws Exception {
        Path pcap = tmp.resolve("vlan.pcap");
        new org.chatdissect.datasets.net.HandCapture()
                .vlan(131).udp("10.0.0.2", 40000, "192.0.2.9", 5000, new byte[] {1, 2, 3})
                .vlan(-1).udp("10.0.0.3", 40001, "192.0.2.9", 5000, new byte[] {4, 5})
                .vlan(4094).tcp("2001:db8::2", 40002, "2001:db8::9", 443, new byte[] {6})
                .write(pcap);
        Path out = tmp.resolve("f.jsonl");
        assertEquals(0, run("flows", "--in", pcap.toString(), "--out", out.toString()), err.toString());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<Long, String> vlanOfFirstFrame = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(out)) {
            var n = json.readTree(line);
            vlanOfFirstFrame.put(n.get("first_frame").asLong(), n.get("vlan").isNull() ? "" : n.get("vlan").asText());
        }
        assertEquals(java.util.Map.of(1L, "131", 2L, "", 3L, "4094"), vlanOfFirstFrame);
        Assumptions.assumeTrue(tsharkInstalled(), "tshark not installed");
        Process p = new ProcessBuilder("tshark", "-n", "-r", pcap.toString(), "-T", "fields", "-e", "frame.number",
                "-e", "vlan.id").redirectErrorStream(false).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        java.util.Map<Long, String> tshark = new java.util.TreeMap<>();
        for (String l : text.split("\n")) {
            String[] c = l.split("\t", -1);
            if (c.length == 2 && vlanOfFirstFrame.containsKey(Long.parseLong(c[0]))) {
                tshark.put(Long.parseLong(c[0]), c[1]);
            }
        }
        assertEquals(vlanOfFirstFrame, tshark, text);
    }

    private static boolean tsharkInstalled() {
        try {
            return new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }
}
