package org.chatdissect.match.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.datasets.net.PcapSplitter;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.SignatureSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link Classifier#runOneCapture}: an operator trace cut into pieces at packet boundaries, read as one capture,
 * gives the single-file run's lines (flows, tasks, users, summary), with each flow's file and first frame those of
 * the piece where it starts; Skype flows attributed by an association whose flow starts a piece keep it. The same
 * pieces classified file by file give more flows and lose those associations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class OneCaptureTest {
    private static final Path ROOT = Path.of("target", "one-capture");
    private static final Pattern FLOW = Pattern.compile("^\\{\"uid\":\"[^\"]*\",\"file\":\"([^\"]*)\",\"first_frame\":(\\d+),");
    private static final Pattern TASK = Pattern.compile("^\\{\"uid\":\"[^\"]*\",\"flow\":\"([^\"]*)#(\\d+)\",\"frame\":(\\d+),");

    /** A line without its uid, which hashes the file name and frame and so differs between pieces and one file. */
    private static String withoutUid(String line) {
        return line.replaceFirst("^\\{\"uid\":\"[^\"]*\",", "{");
    }
    private final ObjectMapper json = new ObjectMapper();

    private CompiledSignatures sigs;
    private Path capture;
    private Path ref;
    private ClassificationResult want;
    /** Frames (1-based, of the uncut capture) of flows attributed by an association. */
    private final List<Long> associated = new ArrayList<>();

    @BeforeAll
    void singleFileRun() throws IOException {
        Path acc = Path.of("target", "accuracy");
        List<SignatureSet> sets = new ArrayList<>();
        for (String app : ClassificationAccuracyTest.APPS) {
            sets.add(ClassificationAccuracyTest.signatures(acc, app));
        }
        sigs = CompiledSignatures.compile(sets);
        Path op = ROOT.resolve("operator-7-16m");
        Cached.trace(op, Scenario.OPERATOR, App.ALL, 7, Generate.parseSize("16m"), Set.of());
        capture = op.resolve(Generate.PCAP);
        ref = ROOT.resolve("ref");
        want = classifier().run(List.of(capture), ref);
        for (String l : Files.readAllLines(ref.resolve("flows.jsonl"))) {
            JsonNode n = json.readTree(l);
            if (n.path("signature").asText().contains(" via ")) {
                associated.add(n.get("first_frame").asLong());
            }
        }
    }

    private Classifier classifier() {
        return new Classifier(sigs, FlowTableConfig.defaults(), 2, null);
    }

    @Test
    void piecesReadAsOneCaptureGiveTheSingleFileRun() throws IOException {
        assertTrue(associated.size() >= 3, "the trace has flows attributed by an association: " + associated.size());
        PcapSplitter splitter = new PcapSplitter(capture);
        int n = splitter.packets.size();
        // random cuts, and a cut right before three associated flows: each starts a piece, its origin is in an earlier one
        TreeSet<Integer> cuts = new TreeSet<>();
        Random r = new Random(42);
        while (cuts.size() < 8) {
            cuts.add(1 + r.nextInt(n - 1));
        }
        List<Long> cutFlows = List.of(associated.get(0), associated.get(associated.size() / 2),
                associated.get(associated.size() - 1));
        for (long f : cutFlows) {
            cuts.add((int) f - 1);
        }
        Path dir = ROOT.resolve("pieces");
        List<Path> pieces = splitter.split(dir, new ArrayList<>(cuts));
        assertTrue(pieces.size() >= 10, "pieces: " + pieces.size());

        Path one = ROOT.resolve("one");
        ClassificationResult got = classifier().runOneCapture(List.of(dir), one);
        assertSameLines(pieces, one);
        assertEquals(want.flows(), got.flows());
        assertEquals(want.capture().packetsRead, got.capture().packetsRead);
        assertEquals(pieces.stream().map(Path::toString).toList(), got.files());
        assertTrue(got.warnings().stream().noneMatch(w -> w.contains("backwards")), got.warnings().toString());
        for (long f : cutFlows) {
            JsonNode flow = flowAt(one, pieceStarting(pieces, f), 1);
            assertTrue(flow.path("signature").asText().contains(" via "), "kept its association: " + flow);
        }

        // file by file, as without --one-capture: flows cut at the edges, and the associations at the cuts lost
        Path apart = ROOT.resolve("apart");
        ClassificationResult split = classifier().run(List.of(dir), apart);
        assertTrue(split.flows() > want.flows(), split.flows() + " flows file by file, " + want.flows() + " in one");
        assertEquals(want.capture().packetsRead, split.capture().packetsRead);
        for (long f : cutFlows) {
            JsonNode flow = flowAt(apart, pieceStarting(pieces, f), 1);
            assertFalse(flow.path("signature").asText().contains(" via "), "no association across files: " + flow);
        }
    }

    @Test
    void oneFileAsOneCaptureIsTheSingleFileRunByteForByte() throws IOException {
        Path out = ROOT.resolve("one-file");
        classifier().runOneCapture(List.of(capture), out);
        for (String f : List.of("flows.jsonl", "tasks.jsonl", "users.jsonl", "summary.json")) {
            assertEquals(Files.readString(ref.resolve(f)), Files.readString(out.resolve(f)), f);
        }
    }

    @Test
    void piecesOutOfOrderAreWarnedAbout() throws IOException {
        PcapSplitter splitter = new PcapSplitter(capture);
        int n = splitter.packets.size();
        List<Path> pieces = splitter.split(ROOT.resolve("pieces-3"), List.of(n / 3, 2 * n / 3));
        Path out = ROOT.resolve("reversed");
        ClassificationResult got = classifier().runOneCapture(List.of(pieces.get(2), pieces.get(1), pieces.get(0)), out);
        List<String> backwards = got.warnings().stream().filter(w -> w.startsWith("timestamps go backwards")).toList();
        assertEquals(2, backwards.size(), got.warnings().toString());
        assertTrue(backwards.get(0).contains(pieces.get(1).toString()) && backwards.get(0).contains("are the files in capture order?"),
                backwards.get(0));
        assertEquals(want.capture().packetsRead, got.capture().packetsRead);
        assertEquals(got.capture().packetsRead,
                got.packetsClassified() + got.packetsUnknown() + got.capture().undecodedTotal());
    }

    @Test
    void aRecordCutShortAndANonCaptureAreAccountedForAndShiftNoFrame() throws IOException {
        PcapSplitter splitter = new PcapSplitter(capture);
        int n = splitter.packets.size();
        Path dir = ROOT.resolve("pieces-damaged");
        List<Path> pieces = splitter.split(dir, List.of(n / 4, n / 2));
        Path clean = ROOT.resolve("clean");
        ClassificationResult a = classifier().runOneCapture(List.of(dir), clean);
        // the first piece ends in a record cut short (header says 100 bytes, 10 follow); a text file lies beside
        byte[] tail = new byte[26];
        java.nio.ByteBuffer.wrap(tail).order(splitter.order).putInt(0, 1).putInt(8, 100).putInt(12, 100);
        Files.write(pieces.get(0), tail, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("README.txt"), "not a capture\n");
        Path damaged = ROOT.resolve("damaged");
        ClassificationResult b = classifier().runOneCapture(List.of(dir), damaged);
        for (String f : List.of("flows.jsonl", "users.jsonl")) {
            assertEquals(Files.readString(clean.resolve(f)), Files.readString(damaged.resolve(f)), f);
        }
        // a task's frame counts from its flow's file on, the record cut short included (as tshark over the files
        // concatenated): tasks in a later piece of a flow of the first piece come one frame later
        List<String> tasks = new ArrayList<>();
        int shifted = 0;
        for (String l : Files.readAllLines(clean.resolve("tasks.jsonl"))) {
            Matcher m = TASK.matcher(l);
            assertTrue(m.find(), l);
            long frame = Long.parseLong(m.group(3));
            if (m.group(1).equals(pieces.get(0).toString()) && frame > n / 4) {
                l = l.substring(0, m.start(3)) + (frame + 1) + l.substring(m.end(3));
                shifted++;
            }
            tasks.add(l);
        }
        assertTrue(shifted > 0, "a flow of the first piece has tasks in the next");
        assertEquals(tasks, Files.readAllLines(damaged.resolve("tasks.jsonl")), "tasks.jsonl");
        assertEquals(a.capture().packetsRead + 1, b.capture().packetsRead);
        assertEquals(1, b.capture().undecodedCount("truncated_record"));
        assertEquals(b.capture().packetsRead, b.packetsClassified() + b.packetsUnknown() + b.capture().undecodedTotal());
        assertEquals(a.files(), b.files());
        assertTrue(b.warnings().stream().anyMatch(w -> w.contains("README.txt") && w.endsWith("(skipped)")),
                b.warnings().toString());
        assertTrue(b.warnings().stream().anyMatch(w -> w.contains("piece-00.pcap: frame " + (n / 4 + 1) + " cut short")),
                b.warnings().toString());
    }

    /** The piece whose first frame is frame {@code frame} of the capture. */
    private static Path pieceStarting(List<Path> pieces, long frame) throws IOException {
        long before = 0;
        for (Path p : pieces) {
            if (before + 1 == frame) {
                return p;
            }
            before += new PcapSplitter(p).packets.size();
        }
        throw new AssertionError("no piece starts at frame " + frame);
    }

    private JsonNode flowAt(Path out, Path file, long frame) throws IOException {
        for (String l : Files.readAllLines(out.resolve("flows.jsonl"))) {
            JsonNode n = json.readTree(l);
            if (n.get("file").asText().equals(file.toString()) && n.get("first_frame").asLong() == frame) {
                return n;
            }
        }
        throw new AssertionError("no flow at " + file + "#" + frame);
    }

    /**
     * The output over the pieces, each flow's file and frames put back into the capture (a piece's frame i is frame
     * (frames of the pieces before it) + i; a task's frame counts from its flow's piece on), equals the single-file
     * run line for line, in the same order; users and the summary (but its file list) are equal as they are.
     */
    private void assertSameLines(List<Path> pieces, Path out) throws IOException {
        Map<String, Long> offset = new HashMap<>();
        long total = 0;
        for (Path p : pieces) {
            offset.put(p.toString(), total);
            total += new PcapSplitter(p).packets.size();
        }
        String name = capture.toString();
        List<String> flows = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("flows.jsonl"))) {
            Matcher m = FLOW.matcher(l);
            assertTrue(m.find(), l);
            flows.add("{\"file\":\"" + name + "\",\"first_frame\":" + (offset.get(m.group(1)) + Long.parseLong(m.group(2)))
                    + "," + l.substring(m.end()));
        }
        assertEquals(Files.readAllLines(ref.resolve("flows.jsonl")).stream().map(OneCaptureTest::withoutUid).toList(),
                flows, "flows.jsonl");
        List<String> tasks = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("tasks.jsonl"))) {
            Matcher m = TASK.matcher(l);
            assertTrue(m.find(), l);
            long off = offset.get(m.group(1));
            tasks.add("{\"flow\":\"" + name + "#" + (off + Long.parseLong(m.group(2))) + "\",\"frame\":"
                    + (off + Long.parseLong(m.group(3))) + "," + l.substring(m.end()));
        }
        assertEquals(Files.readAllLines(ref.resolve("tasks.jsonl")).stream().map(OneCaptureTest::withoutUid).toList(),
                tasks, "tasks.jsonl");
        assertEquals(Files.readString(ref.resolve("users.jsonl")), Files.readString(out.resolve("users.jsonl")));
        ObjectNode a = (ObjectNode) json.readTree(ref.resolve("summary.json").toFile());
        ObjectNode b = (ObjectNode) json.readTree(out.resolve("summary.json").toFile());
        a.remove("files");
        b.remove("files");
        assertEquals(a, b, "summary.json without files");
    }
}
