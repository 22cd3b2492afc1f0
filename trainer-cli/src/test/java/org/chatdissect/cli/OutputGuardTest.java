package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatdissect.datasets.net.PcapWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that writes refuses, before writing anything, an output that is one of its inputs. */
class OutputGuardTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path capture;
    private String lastError = "";
    private byte[] captureBytes;

    @BeforeEach
    void capture() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        capture = dir.resolve("a.pcap");
        try (PcapWriter w = new PcapWriter(capture, 65535)) {
            byte[] frame = new byte[60];
            frame[12] = 0x08; // IPv4 ethertype; the rest is zeros, an undecodable packet is enough here
            w.write(1_000_000L, frame, frame.length);
        }
        captureBytes = Files.readAllBytes(capture);
    }

    private int run(String... args) {
        return ChatDissect.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private void assertRefusedAndIntact(int code, Path input, byte[] before) throws Exception {
        assertEquals(2, code, err.toString());
        String e = err.toString().strip();
        assertTrue(e.contains("an output never overwrites an input"), e);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertArrayEquals(before, Files.readAllBytes(input), input + " was changed");
        lastError = e;
        err.getBuffer().setLength(0);
    }

    @Test
    void flowsOutputThatIsTheInputIsRefusedAndTheCaptureKept() throws Exception {
        assertRefusedAndIntact(run("flows", "--in", capture.toString(), "--out", capture.toString()), capture, captureBytes);
    }

    @Test
    void anotherSpellingOfTheSamePathIsCaught() throws Exception {
        Path other = tmp.resolve("in/../in/./a.pcap");
        assertRefusedAndIntact(run("flows", "--in", capture.toString(), "--out", other.toString()), capture, captureBytes);
    }

    @Test
    void aSymbolicLinkToTheInputIsCaught() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link.pcap"), capture);
        assertRefusedAndIntact(run("flows", "--in", capture.toString(), "--out", link.toString()), capture, captureBytes);
    }

    @Test
    void anOutputInsideAnInputDirectoryIsRefusedEvenBeforeItExists() throws Exception {
        Path dir = capture.getParent();
        assertRefusedAndIntact(run("flows", "--in", dir.toString(), "--out", dir.resolve("flows.jsonl").toString()),
                capture, captureBytes);
        assertTrue(Files.notExists(dir.resolve("flows.jsonl")));
    }

    @Test
    void segmentAndTrainRefuseTheirInputsAndParametersFile() throws Exception {
        assertRefusedAndIntact(run("segment", "--in", capture.toString(), "--out", capture.toString()), capture, captureBytes);
        Path params = Files.writeString(tmp.resolve("p.properties"), "ve.window=3\n");
        byte[] p = Files.readAllBytes(params);
        assertRefusedAndIntact(run("train", "--app", "x", "--in", capture.toString(), "--params", params.toString(),
                "--out", params.toString()), params, p);
        Path manifest = Files.writeString(tmp.resolve("m.csv"), "0,10,login,10.0.0.1\n");
        byte[] m = Files.readAllBytes(manifest);
        assertRefusedAndIntact(run("train", "--app", "x", "--in", capture.toString(), "--manifest", manifest.toString(),
                "--out", manifest.toString()), manifest, m);
    }

    @Test
    void classifyRefusesAnOutputDirectoryThatHoldsAnInput() throws Exception {
        Path sig = Files.writeString(tmp.resolve("sig.json"), "{}");
        assertRefusedAndIntact(run("classify", "--signatures", sig.toString(), "--in", capture.toString(),
                "--out", capture.getParent().toString()), capture, captureBytes);
        assertEquals(1, Files.list(capture.getParent()).count(), "nothing written beside the input");
    }

    @Test
    void signatureCommandsRefuseToOverwriteTheirSignatureFile() throws Exception {
        Path sig = Files.writeString(tmp.resolve("sig.json"), "{}");
        byte[] s = Files.readAllBytes(sig);
        assertRefusedAndIntact(run("signatures", "export", sig.toString(), "--format", "bpf", "--out", sig.toString()), sig, s);
        assertTrue(lastError.startsWith("chatdissect signatures export: "), "the error names the whole command: " + lastError);
        Path other = Files.writeString(tmp.resolve("b.json"), "{}");
        assertRefusedAndIntact(run("signatures", "merge", sig.toString(), other.toString(), "--out", other.toString()),
                other, Files.readAllBytes(other));
    }

    @Test
    void reportRefusesToWriteIntoTheDirectoryItReads() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("classified"));
        Path flows = Files.writeString(dir.resolve("flows.jsonl"), "{}\n");
        assertRefusedAndIntact(run("report", "--in", dir.toString(), "--out", flows.toString()), flows,
                Files.readAllBytes(flows));
    }

    @Test
    void anOutputElsewhereIsWritten() throws Exception {
        Path target = tmp.resolve("flows.jsonl");
        assertEquals(0, run("flows", "--in", capture.toString(), "--out", target.toString()), err.toString());
        assertTrue(Files.exists(target));
    }
}
