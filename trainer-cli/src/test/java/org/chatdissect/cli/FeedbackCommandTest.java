package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.chatdissect.model.TaskKind;
import org.chatdissect.store.json.SignatureJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatdissect feedback} as a command: exit codes, output lines, a valid and deterministic output file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackCommandTest {
    @TempDir
    static Path tmp;

    private Path sig;
    private Path trace;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    void setUp() throws IOException {
        trace = Generate.run(Scenario.OPERATOR, App.ALL, 5, tmp.resolve("op"), 6L << 20, Set.of()).pcap();
        sig = tmp.resolve("wechat.json");
        // the W-TCP format with one known opcode: every other opcode the trace carries is feedback material
        Signature wtcp = new Signature("wechat", "TCP", FlowType.TCP, 16, Status.REVIEWED, List.of(
                new FieldSpec(0, 4, FieldType.LENGTH, Endian.BIG, List.of(), null, null),
                FieldSpec.constant(4, 4, "00100001"),
                FieldSpec.reqresp(8, 3, "000000", "3b9aca"),
                FieldSpec.opcode(11, 1, "06"),
                new FieldSpec(12, 4, FieldType.SEQUENCE, Endian.BIG, List.of(), null, null)),
                new TreeMap<>(Map.of("06", new OpcodeInfo("heartbeat", "system", TaskKind.PERIODIC, 300.0, null))),
                List.of(), List.of(), null);
        SignatureJson.write(SignatureSet.of(List.of(wtcp)), sig);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return ChatDissect.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void addsUnknownOpcodesAsUnreviewedCandidatesDeterministically() throws Exception {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        assertEquals(0, run("feedback", "--signatures", sig.toString(), "--in", trace.toString(), "--out", a.toString()),
                err.toString());
        String stdout = out.toString();
        assertTrue(stdout.startsWith("round 1: "), stdout);
        assertTrue(stdout.contains("  + opcode wechat/TCP "), stdout);
        assertTrue(stdout.contains("wrote 1 signatures to " + a), stdout);
        Signature s = SignatureJson.read(a).signatures().get(0);
        assertEquals(Status.UNREVIEWED, s.status());
        assertTrue(s.opcodes().size() > 1, s.opcodes().toString());
        assertEquals("heartbeat", s.opcodes().get("06").task(), "known opcodes stay");
        assertTrue(s.opcodeField().orElseThrow().values().containsAll(s.opcodes().keySet()), "listed in the field");
        assertEquals(0, run("signatures", "validate", a.toString()), err.toString());

        assertEquals(0, run("feedback", "--signatures", sig.toString(), "--in", trace.toString(), "--out", b.toString(),
                "--rounds", "1"), err.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void badRoundsIsAUsageError() {
        assertEquals(2, run("feedback", "--signatures", sig.toString(), "--in", trace.toString(), "--out",
                tmp.resolve("x.json").toString(), "--rounds", "0"));
        assertEquals(2, run("feedback", "--signatures", sig.toString(), "--in", trace.toString(), "--out",
                tmp.resolve("x.json").toString(), "--rounds", "6"));
    }

    @Test
    void missingSignaturesIsAUsageError() {
        assertEquals(2, run("feedback", "--in", trace.toString(), "--out", tmp.resolve("x.json").toString()));
        assertTrue(err.toString().contains("--signatures"), err.toString());
    }

    @Test
    void malformedSignatureFileIsBadInputOnOneLine() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"format\": ");
        assertEquals(1, run("feedback", "--signatures", bad.toString(), "--in", trace.toString(), "--out",
                tmp.resolve("x.json").toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(Files.notExists(tmp.resolve("x.json")));
    }
}
