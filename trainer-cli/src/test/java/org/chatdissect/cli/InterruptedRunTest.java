package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command stopped by SIGTERM (as {@code kill} and a scheduler's timeout send it) in a separate JVM: it exits
 * non-zero with one line on standard error, and leaves neither a temporary nor an output under its final name, nor an
 * earlier run's result beside its own remains. The capture is one small generated trace given many times, so that the
 * run lasts seconds and the signal lands while the outputs are being written.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptedRunTest {
    @TempDir
    static Path dir;
    Path trace;
    Path sig;

    @BeforeAll
    void trace() throws Exception {
        trace = Generate.run(Scenario.OPERATOR, App.ALL, 5, dir.resolve("op"), 24L << 20, Set.of()).pcap();
        sig = dir.resolve("sig.json");
        Files.writeString(sig, """
                {"format": "chatdissect-signatures", "version": 1, "signatures": [{"app": "x", "name": "UDP",
                 "flow_type": "UDP", "scope": 2, "status": "reviewed",
                 "fields": [{"offset": 0, "length": 2, "type": "constant", "values": ["abcd"]}]}]}
                """);
    }

    /** The command with the trace given {@code times} times as input. */
    private List<String> command(String sub, int times, String... rest) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChatDissect.class.getName(), sub));
        for (int i = 0; i < times; i++) {
            c.add("--in");
            c.add(trace.toString());
        }
        c.addAll(List.of(rest));
        return c;
    }

    /** Starts the command, waits for {@code appears} (the run is writing), sends SIGTERM; returns exit code and stderr. */
    private String[] stopWhenWriting(List<String> command, Path appears) throws Exception {
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(appears) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before it could be stopped; give it more input: " + Files.readString(err));
        assertTrue(Files.exists(appears), appears + " never appeared");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
        return new String[] {Integer.toString(p.exitValue()), Files.readString(err)};
    }

    private static List<String> names(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void stoppedFlowsLeavesNoOutput() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("flows"));
        Path out = outDir.resolve("f.jsonl");
        String[] r = stopWhenWriting(command("flows", 200, "--out", out.toString()), outDir.resolve(".f.jsonl.part"));
        assertEquals("143", r[0], r[1]);
        assertEquals("chatdissect: stopped; unfinished outputs removed", r[1].strip());
        assertEquals(List.of(), names(outDir));
    }

    @Test
    void stoppedClassifyLeavesNoPartsAndNoEarlierResult() throws Exception {
        Path out = Files.createDirectories(dir.resolve("classify"));
        // an earlier complete result in the directory: it must not survive looking current
        for (String f : List.of("flows.jsonl", "tasks.jsonl", "users.jsonl", "summary.json")) {
            Files.writeString(out.resolve(f), "{}\n");
        }
        String[] r = stopWhenWriting(command("classify", 200, "--signatures", sig.toString(), "--out", out.toString()),
                out.resolve(".flows.part-0"));
        assertEquals("143", r[0], r[1]);
        assertEquals("chatdissect: stopped; unfinished outputs removed", r[1].strip());
        assertEquals(List.of(), names(out));
    }

    @Test
    void stoppedGenerateLeavesNoCaptureCutShort() throws Exception {
        Path out = Files.createDirectories(dir.resolve("generate"));
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChatDissect.class.getName(), "generate", "--scenario",
                "operator", "--size", "2g", "--seed", "3", "--out", out.toString()));
        String[] r = stopWhenWriting(c, out.resolve(".generate.part").resolve(Generate.PCAP));
        assertEquals("143", r[0], r[1]);
        assertEquals("chatdissect: stopped; unfinished outputs removed", r[1].strip());
        assertEquals(List.of(), names(out), "no capture under its final name, no staging directory");
    }

    @Test
    void aFinishedGenerateLeavesOnlyItsFiles() throws Exception {
        Path out = Files.createDirectories(dir.resolve("generate-done"));
        int rc = ChatDissect.execute(new String[] {"generate", "--scenario", "controlled", "--app", "meeting", "--seed",
            "1", "--out", out.toString()}, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertEquals(0, rc);
        assertEquals(List.of("capture.pcap", "manifest.csv", "truth-flows.jsonl", "truth-messages.jsonl"), names(out));
    }
}
