package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paper preset's {@code segment} report on controlled traces whose TCP streams are length-prefix framed (the
 * meeting system's media and screenshots, Skype's login records) stays what it was: stream framing belongs to the
 * improved preset only. The report is compared through a readable summary kept in
 * {@code src/test/resources/golden/segment-paper-APP.txt} (nDPI's {@code .out} style), so that a failure's diff says
 * what changed: per transport, the messages, how often each field (offset, length, type) and each boundary occurs,
 * and a fingerprint of the message order. Traces are generated (seed 1) and cached under {@code target/accuracy/};
 * after an intended change, rerun with {@code -Dgolden.update=true} and review the diff of the files.
 */
@Tag("slow")
class SegmentPaperGoldenTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    @ParameterizedTest
    @ValueSource(strings = {"meeting", "skype"})
    void paperPresetReportIsUnchanged(String app) throws Exception {
        Path dir = Path.of("target", "accuracy", "controlled-1-" + app);
        Cached.trace(dir, Scenario.CONTROLLED, App.parse(app), 1, 0, Set.of());
        Path out = Files.createTempFile(Path.of("target"), "segment-paper-" + app, ".jsonl");
        try {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int rc = ChatDissect.execute(new String[] {"segment", "--in", dir.resolve("capture.pcap").toString(),
                    "--preset", "paper", "--out", out.toString()}, new PrintWriter(o, true), new PrintWriter(e, true));
            assertEquals(0, rc, e.toString());
            String got = summary(out);
            Path expected = GOLDEN.resolve("segment-paper-" + app + ".txt");
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(expected, got, StandardCharsets.UTF_8);
            }
            assertEquals(Files.readString(expected, StandardCharsets.UTF_8), got,
                    app + ": the paper preset's segment report changed (" + expected + ")");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The readable summary of a segment report (JSON lines). */
    static String summary(Path jsonl) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, long[]> messages = new TreeMap<>();
        Map<String, Long> fields = new TreeMap<>();
        Map<String, Long> boundaries = new TreeMap<>();
        Map<String, Long> order = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode m = json.readTree(line);
                String flow = m.get("flow").asText();
                String proto = flow.substring(flow.lastIndexOf('/') + 1, flow.lastIndexOf('#'));
                long[] c = messages.computeIfAbsent(proto, k -> new long[2]);
                c[0]++;
                c[1] += m.get("length").asLong();
                for (JsonNode f : m.get("fields")) {
                    int off = f.get("offset").asInt();
                    int len = f.get("length").asInt();
                    String pos = len == 1 ? Integer.toString(off) : off + "-" + (off + len - 1);
                    fields.merge(String.format(java.util.Locale.ROOT, "%s field %-6s %s", proto, pos, f.get("type").asText()), 1L, Long::sum);
                }
                for (JsonNode b : m.get("boundaries")) {
                    boundaries.merge(String.format(java.util.Locale.ROOT, "%s boundary %3d", proto, b.asInt()), 1L, Long::sum);
                }
                // the order of messages and their frames, folded: equal summaries with another order still differ
                order.merge(proto, (long) (line.hashCode()), (a, b) -> a * 31 + b);
            }
        }
        StringBuilder sb = new StringBuilder();
        messages.forEach((p, c) -> sb.append(p).append(" messages ").append(c[0]).append(", bytes ").append(c[1])
                .append('\n'));
        fields.forEach((k, n) -> sb.append(k).append(": ").append(n).append('\n'));
        boundaries.forEach((k, n) -> sb.append(k).append(": ").append(n).append('\n'));
        order.forEach((p, h) -> sb.append(p).append(" order ").append(Long.toHexString(h)).append('\n'));
        return sb.toString();
    }
}
