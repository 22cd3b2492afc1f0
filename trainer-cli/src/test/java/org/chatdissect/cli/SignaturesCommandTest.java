package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.model.Status;
import org.chatdissect.store.json.SignatureJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and outputs of {@code chatdissect signatures ...}: 0 ok, 1 bad file, 2 bad usage. */
class SignaturesCommandTest {
    @TempDir
    Path dir;
    Path sig;
    String out;
    String err;

    @BeforeEach
    void setUp() throws IOException {
        sig = dir.resolve("sig.json");
        Files.writeString(sig, SAMPLE);
    }

    @AfterEach
    void tearDown() {
        SignaturesCommand.Review.interactiveOverride = null;
        SignaturesCommand.Review.answers = null;
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = ChatDissect.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return rc;
    }

    @Test
    void showPrintsTheByteMap() {
        assertEquals(0, run("signatures", "show", sig.toString()));
        assertTrue(out.contains("wechat/W-TCP  TCP  reviewed  scope 16 bytes"), out);
        assertTrue(out.contains("|length     |constant   |reqresp |op|sequence   |"), out);
        assertTrue(out.contains("heartbeat"), out);
    }

    @Test
    void validateAndBadFiles() throws IOException {
        assertEquals(0, run("signatures", "validate", sig.toString()));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, SAMPLE.replace("\"offset\": 11", "\"offset\": 18"));
        assertEquals(1, run("signatures", "validate", bad.toString()));
        assertTrue(err.contains(bad + ": signature 1 (\"W-TCP\"), field 4: offset 18 beyond scope 16"), err);
        assertEquals(1, run("signatures", "show", bad.toString()));
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(1, run("signatures", "show", dir.resolve("missing.json").toString()));
        assertTrue(err.contains("missing.json: no such file"), err);
        Files.writeString(bad, "{\"format\": \"chatdissect-signatures\", \"version\": 4, \"signatures\": []}");
        assertEquals(1, run("signatures", "show", bad.toString()));
        assertTrue(err.contains(bad + ": format version 4 is newer than this chatdissect (reads 3)"), err);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("signatures"));
        assertEquals(2, run("signatures", "show"));
        assertEquals(2, run("signatures", "export", sig.toString(), "--format", "snort", "--out", "-"));
        assertTrue(err.contains("unknown format 'snort'"), err);
        assertEquals(2, run("signatures", "review", sig.toString(), "--accept", "wechat/nope"));
        assertEquals(2, run("signatures", "review", sig.toString(), "--accept", "wechat/W-TCP"));
        assertTrue(err.contains("wechat/W-TCP is already reviewed"), err);
    }

    @Test
    void diffOfAFileWithItselfIsEmpty() throws IOException {
        assertEquals(0, run("signatures", "diff", sig.toString(), sig.toString()));
        assertEquals("", out);
        Path b = dir.resolve("b.json");
        Files.writeString(b, SAMPLE.replace("\"send picture\"", "\"send photo\""));
        assertEquals(0, run("signatures", "diff", sig.toString(), b.toString()));
        assertEquals("~ wechat/W-TCP: opcode 09 \"send picture\" (user) -> \"send photo\" (user)\n",
                out.replace("\r\n", "\n"));
    }

    @Test
    void mergeConflictsAndStrict() throws IOException {
        Path b = dir.resolve("b.json");
        Files.writeString(b, SAMPLE.replace("\"send picture\"", "\"send photo\""));
        Path c = dir.resolve("c.json");
        assertEquals(0, run("signatures", "merge", sig.toString(), b.toString(), "--out", c.toString()));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("conflict: wechat/W-TCP: opcode 09"), err);
        assertEquals(Files.readString(sig).length() > 0, true);
        assertEquals(SignatureJson.read(sig), SignatureJson.read(c));
        Path d = dir.resolve("d.json");
        assertEquals(1, run("signatures", "merge", sig.toString(), b.toString(), "--out", d.toString(), "--strict"));
        assertTrue(!Files.exists(d));
    }

    @Test
    void mergeAndExportTakeAnyNumberOfFiles() throws IOException {
        // three applications' files: the same signatures under other app names
        Path qq = Files.writeString(dir.resolve("qq.json"), SAMPLE.replace("\"wechat\"", "\"qq\""));
        Path meeting = Files.writeString(dir.resolve("meeting.json"), SAMPLE.replace("\"wechat\"", "\"meeting\""));
        Path all = dir.resolve("all.json");
        assertEquals(0, run("signatures", "merge", sig.toString(), qq.toString(), meeting.toString(), "--out",
                all.toString()), err);
        List<String> ids = SignatureJson.read(all).signatures().stream().map(s -> s.app()).distinct().toList();
        assertEquals(List.of("wechat", "qq", "meeting"), ids);
        assertEquals(0, run("signatures", "export", sig.toString(), qq.toString(), meeting.toString(), "--format", "bpf",
                "--out", "-"), err);
        for (String app : List.of("wechat", "qq", "meeting")) {
            assertTrue(out.contains("# " + app + "/W-TCP"), app + ": " + out);
        }
        assertEquals(2, run("signatures", "merge", sig.toString(), "--out", all.toString()), "merge needs two files");
    }

    @Test
    void reviewAcceptsAndRejects() throws IOException {
        Path r = dir.resolve("r.json");
        assertEquals(0, run("signatures", "review", sig.toString(), "--reject", "W-UDP-cand", "--out", r.toString()));
        assertTrue(SignatureJson.read(r).find("wechat/W-UDP-cand").isEmpty());
        assertEquals(0, run("signatures", "review", sig.toString(), "--accept-all"));
        assertEquals(Status.REVIEWED, SignatureJson.read(sig).find("wechat/W-UDP-cand").orElseThrow().status());
    }

    @Test
    void reviewInteractive() throws IOException {
        SignaturesCommand.Review.interactiveOverride = true;
        SignaturesCommand.Review.answers = new StringReader("y\n");
        assertEquals(0, run("signatures", "review", sig.toString()));
        assertTrue(out.contains("accept wechat/W-UDP-cand? "), out);
        assertEquals(Status.REVIEWED, SignatureJson.read(sig).find("wechat/W-UDP-cand").orElseThrow().status());
        SignaturesCommand.Review.interactiveOverride = false;
        assertEquals(0, run("signatures", "review", sig.toString()));
        assertTrue(out.contains("no unreviewed candidates"), out);
    }

    @Test
    void exportWritesEachFormat() throws IOException {
        for (String f : new String[] {"wireshark-lua", "bpf", "ndpi", "suricata", "csv"}) {
            Path o = dir.resolve("out." + f);
            assertEquals(0, run("signatures", "export", sig.toString(), "--format", f, "--out", o.toString()), err);
            assertTrue(Files.size(o) > 0);
        }
        assertEquals(0, run("signatures", "export", sig.toString(), "--format", "bpf", "--out", "-"));
        assertTrue(out.contains("# wechat/W-TCP (TCP, reviewed)"), out);
        assertTrue(!out.contains("W-UDP-cand"), out);
        assertEquals(0, run("signatures", "export", sig.toString(), "--format", "bpf", "--out", "-",
                "--include-unreviewed"));
        assertTrue(out.contains("W-UDP-cand"), out);
    }

    static final String SAMPLE = """
            {"format": "chatdissect-signatures", "version": 1, "signatures": [
             {"app": "wechat", "name": "W-TCP", "flow_type": "TCP", "scope": 16, "status": "reviewed",
              "fields": [
                {"offset": 0, "length": 4, "type": "length", "endian": "big"},
                {"offset": 4, "length": 4, "type": "constant", "values": ["00100001"]},
                {"offset": 8, "length": 3, "type": "reqresp", "request": "000000", "response": "3b9aca"},
                {"offset": 11, "length": 1, "type": "opcode", "values": ["09", "06"]},
                {"offset": 12, "length": 4, "type": "sequence"}],
              "opcodes": {"09": {"task": "send picture", "kind": "user"},
                          "06": {"task": "heartbeat", "kind": "periodic", "period_s": 300.0}},
              "keywords": [], "servers": [{"ip": "203.0.113.10", "port": 8080}]},
             {"app": "wechat", "name": "W-UDP-cand", "flow_type": "UDP", "scope": 8, "status": "unreviewed",
              "fields": [{"offset": 0, "length": 2, "type": "constant", "values": ["a3f1"]}]}]}
            """;
}
