package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.json.SignatureJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatdissect classify} end to end: two small operator traces and a W-TCP signature as
 * docs/signature-format.md describes it (bytes 4-7 constant, 8-10 reqresp, 11 opcode).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassifyCommandTest {
    @TempDir
    static Path tmp;

    private Path sig;
    private Path traceA;
    private Path traceB;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    void traces() throws IOException {
        traceA = Generate.run(Scenario.OPERATOR, App.ALL, 3, tmp.resolve("a"), 4L << 20, Set.of()).pcap();
        traceB = Generate.run(Scenario.OPERATOR, App.ALL, 4, tmp.resolve("b"), 4L << 20, Set.of()).pcap();
        sig = tmp.resolve("wechat.json");
        Signature wtcp = new Signature("wechat", "TCP", FlowType.TCP, 16, Status.REVIEWED, List.of(
                new FieldSpec(0, 4, FieldType.LENGTH, Endian.BIG, List.of(), null, null),
                FieldSpec.constant(4, 4, "00100001"),
                FieldSpec.reqresp(8, 3, "000000", "3b9aca"),
                FieldSpec.opcode(11, 1),
                new FieldSpec(12, 4, FieldType.SEQUENCE, Endian.BIG, List.of(), null, null)),
                new java.util.TreeMap<>(Map.of("06", new OpcodeInfo("heartbeat", "system",
                        org.chatdissect.model.TaskKind.PERIODIC, 300.0, null))),
                List.of(), List.of(), null);
        SignatureJson.write(SignatureSet.of(List.of(wtcp)), sig);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return ChatDissect.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void oneAndTwoThreadsGiveByteIdenticalOutput() throws IOException {
        Path o1 = tmp.resolve("t1");
        Path o2 = tmp.resolve("t2");
        assertEquals(0, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), traceB.toString(),
                "--out", o1.toString(), "--threads", "1"), err.toString());
        String stdout1 = out.toString();
        assertEquals(0, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), traceB.toString(),
                "--out", o2.toString(), "--threads", "2"), err.toString());
        assertEquals(stdout1, out.toString());
        for (String f : List.of("flows.jsonl", "tasks.jsonl", "users.jsonl", "summary.json")) {
            assertArrayEquals(Files.readAllBytes(o1.resolve(f)), Files.readAllBytes(o2.resolve(f)), f);
        }
        assertTrue(Files.size(o1.resolve("tasks.jsonl")) > 0, "the signature classified no task");
        try (var s = Files.list(o1)) {
            assertEquals(4, s.count(), "no leftover part files");
        }
    }

    @Test
    void packetAccountingAddsUpAndMatchesSummaryJson() throws IOException {
        Path o = tmp.resolve("acc");
        assertEquals(0, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), traceB.toString(),
                "--out", o.toString()), err.toString());
        String s = out.toString();
        long read = number(s, "packets read: ");
        long classified = number(s, "  classified: ");
        long unknown = number(s, "  unknown: ");
        long undecoded = number(s, "  undecoded: ");
        assertTrue(classified > 0 && unknown > 0, s);
        assertEquals(read, classified + unknown + undecoded, s);
        assertTrue(s.contains("warnings: 0"), s);
        JsonNode j = new ObjectMapper().readTree(o.resolve("summary.json").toFile());
        assertEquals(read, j.get("packets_read").asLong());
        assertEquals(classified, j.get("packets_classified").asLong());
        assertEquals(unknown, j.get("packets_unknown").asLong());
        assertEquals(undecoded, j.get("packets_undecoded").asLong());
        assertEquals(2, j.get("files").size());
    }

    @Test
    void corruptCaptureIsBadInputOnOneLine() throws IOException {
        Path bad = tmp.resolve("corrupt.pcap");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
        assertEquals(1, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), bad.toString(),
                "--out", tmp.resolve("corrupt-out").toString()));
        assertOneLine(err.toString(), "corrupt.pcap");
        assertTrue(Files.notExists(tmp.resolve("corrupt-out").resolve("flows.jsonl")), "no output on bad input");
    }

    @Test
    void malformedSignatureFileIsBadInputOnOneLine() throws IOException {
        Path bad = tmp.resolve("bad-sig.json");
        Files.writeString(bad, "{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": [ {\"app\": ");
        assertEquals(1, run("classify", "--signatures", bad.toString(), "--in", traceA.toString(),
                "--out", tmp.resolve("bad-sig-out").toString()));
        assertOneLine(err.toString(), "bad-sig.json");
    }

    @Test
    void missingSignaturesIsAUsageError() {
        assertEquals(2, run("classify", "--in", traceA.toString(), "--out", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("--signatures"), err.toString());
    }

    @Test
    void unknownEngineIsAUsageError() {
        assertEquals(2, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), "--out",
                tmp.resolve("x").toString(), "--engine", "flink"));
        assertTrue(err.toString().contains("--engine"), err.toString());
    }

    @Test
    void oneCaptureWithThreadsOrSparkIsAUsageError() {
        assertEquals(2, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), "--out",
                tmp.resolve("x").toString(), "--one-capture", "--threads", "2"));
        assertTrue(err.toString().contains("--one-capture") && err.toString().contains("--threads"), err.toString());
        assertEquals(2, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), "--out",
                tmp.resolve("x").toString(), "--one-capture", "--engine", "spark"));
        assertTrue(err.toString().contains("--one-capture is for --engine local"), err.toString());
    }

    @Test
    void anOutputDirectoryThatIsAFileIsNamedWithTheReason() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "not a directory");
        assertEquals(1, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), "--out",
                file.toString()));
        assertEquals("chatdissect classify: " + file + ": exists (not a directory)", err.toString().strip());
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void optionsOfTheOtherEngineAreUsageErrors() {
        assertEquals(2, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), "--out",
                tmp.resolve("x").toString(), "--engine", "spark", "--threads", "4"));
        assertTrue(err.toString().contains("--threads is for --engine local"), err.toString());
        assertEquals(2, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), "--out",
                tmp.resolve("x").toString(), "--engine", "spark", "--version-tolerance", "1"));
        assertTrue(err.toString().contains("--version-tolerance is for --engine local"), err.toString());
        for (String[] opt : List.of(new String[] {"--spark-master", "local[2]"}, new String[] {"--spark-partitions", "4"})) {
            assertEquals(2, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), "--out",
                    tmp.resolve("x").toString(), opt[0], opt[1]));
            assertTrue(err.toString().contains(opt[0] + " is for --engine spark"), err.toString());
        }
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written on a usage error");
    }

    @Test
    void oneCaptureWarnsWhenTimestampsGoBackwardsBetweenFiles() throws IOException {
        // two traces of the same start time given as one capture: the second starts before the first one's end
        Path o = tmp.resolve("one");
        assertEquals(0, run("classify", "--signatures", sig.toString(), "--in", traceA.toString(), traceB.toString(),
                "--out", o.toString(), "--one-capture"), err.toString());
        String s = out.toString();
        assertTrue(s.contains("warnings: 1\n") && s.contains("  warning: timestamps go backwards between pieces of one capture: "
                + traceB + " starts "), s);
        assertEquals(number(s, "packets read: "), number(s, "  classified: ") + number(s, "  unknown: ")
                + number(s, "  undecoded: "), s);
        JsonNode j = new ObjectMapper().readTree(o.resolve("summary.json").toFile());
        assertEquals(2, j.get("files").size());
        try (var l = Files.list(o)) {
            assertEquals(4, l.count(), "no leftover part files");
        }
    }

    private static void assertOneLine(String stderr, String mentions) {
        String e = stderr.strip();
        assertEquals(1, e.lines().count(), stderr);
        assertTrue(e.startsWith("chatdissect classify: ") && e.contains(mentions), stderr);
    }

    private static long number(String text, String prefix) {
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length()).strip());
            }
        }
        throw new AssertionError("no '" + prefix + "' in\n" + text);
    }
}
