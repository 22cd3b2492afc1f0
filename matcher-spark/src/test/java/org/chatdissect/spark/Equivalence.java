package org.chatdissect.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.datasets.net.PcapSplitter;
import org.chatdissect.match.classify.AssociationTable;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.compile.CompiledSignatures;

/**
 * Runs of the pieces compared with the single-file run of the uncut capture: a piece's frame i is frame
 * (frames of the pieces before it) + i of the capture, and its file name is the capture's.
 */
final class Equivalence {
    private static final Pattern FLOW = Pattern.compile("^\\{\"uid\":\"[^\"]*\",\"file\":\"([^\"]*)\",\"first_frame\":(\\d+),");
    private static final Pattern TASK = Pattern.compile("^\\{\"uid\":\"[^\"]*\",\"flow\":\"([^\"]*)#(\\d+)\",\"frame\":(\\d+),");

    /** A line without its uid, which hashes the file name and frame and so differs between pieces and one file. */
    static String withoutUid(String line) {
        return line.replaceFirst("^\\{\"uid\":\"[^\"]*\",", "{");
    }

    /** Of the last {@link #inProcess} run: fragments, and 5-tuples with fragments in several files. */
    static int lastFragments;
    static int lastJoined;
    /** Whether {@link #inProcess} runs pass 1 (as the Spark job does); false: every tuple logs. */
    static boolean useEdgeScan = true;

    private Equivalence() {}

    /** The distributed run without Spark: every piece mapped, fragments grouped by key and merged, then written. */
    static ClassificationResult inProcess(CompiledSignatures sigs, List<org.chatdissect.model.SignatureSet> sets,
            FlowTableConfig config, FileClassifier.Limits limits, List<Path> pieces, Path out) throws IOException {
        FileClassifier fc = new FileClassifier(sigs, config, AssociationTable.DEFAULT_IDLE_NANOS, limits);
        List<FinishedFlow> rows = new ArrayList<>();
        Map<String, List<Fragment>> groups = new HashMap<>();
        List<FileClassifier.FileStats> stats = new ArrayList<>();
        // pass 1 (EdgeScan) unless every tuple is to log
        Map<Integer, EdgeScan.FileEdges> edges = new HashMap<>();
        if (useEdgeScan) {
            Map<String, List<EdgeScan.Seen>> seen = new HashMap<>();
            for (int i = 0; i < pieces.size(); i++) {
                for (EdgeScan.Seen x : EdgeScan.scan(pieces.get(i), i, config)) {
                    seen.computeIfAbsent(x.key(), k -> new ArrayList<>()).add(x);
                }
                edges.put(i, new EdgeScan.FileEdges(new java.util.HashSet<>(), new java.util.HashSet<>()));
            }
            for (List<EdgeScan.Seen> l : seen.values()) {
                for (EdgeScan.Edge e : EdgeScan.edges(l, config)) {
                    (e.head() ? edges.get(e.fileIndex()).head() : edges.get(e.fileIndex()).tail()).add(e.key());
                }
            }
        }
        for (int i = 0; i < pieces.size(); i++) {
            EdgeScan.FileEdges fe = edges.get(i);
            stats.add(fc.classify(pieces.get(i), i, pieces.get(i).toString(), fe == null ? null : fe.head(),
                    fe == null ? null : fe.tail(), rows::add,
                    f -> groups.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f)));
        }
        FragmentMerger m = new FragmentMerger(sigs, config, AssociationTable.DEFAULT_IDLE_NANOS);
        lastFragments = 0;
        lastJoined = 0;
        for (List<Fragment> g : groups.values()) {
            lastFragments += g.size();
            if (g.size() > 1) {
                lastJoined++;
            }
            rows.addAll(m.merge(g));
        }
        rows.sort((a, b) -> Long.compare(a.firstFrameRef, b.firstFrameRef));
        Files.createDirectories(out);
        return ResultWriter.write(rows.iterator(), stats, sigs.apps(), name -> Files.newOutputStream(out.resolve(name)));
    }

    /** Asserts that {@code out} (over {@code pieces}) holds the flows, tasks, users and totals of {@code ref}. */
    static void assertSame(Path ref, String refName, Path out, List<Path> pieces) throws IOException {
        Map<String, Long> offset = new HashMap<>();
        long total = 0;
        for (Path p : pieces) {
            offset.put(p.toString(), total);
            total += new PcapSplitter(p).packets.size();
        }
        List<String> want = sorted(Files.readAllLines(ref.resolve("flows.jsonl")).stream().map(Equivalence::withoutUid)
                .toList());
        List<String> got = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("flows.jsonl"))) {
            Matcher m = FLOW.matcher(l);
            if (!m.find()) {
                throw new AssertionError("unexpected line " + l);
            }
            long frame = offset.get(m.group(1)) + Long.parseLong(m.group(2));
            got.add("{\"file\":\"" + refName + "\",\"first_frame\":" + frame + "," + l.substring(m.end()));
        }
        assertLines("flows.jsonl", want, sorted(got));
        List<String> wantT = sorted(Files.readAllLines(ref.resolve("tasks.jsonl")).stream().map(Equivalence::withoutUid)
                .toList());
        List<String> gotT = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("tasks.jsonl"))) {
            Matcher m = TASK.matcher(l);
            if (!m.find()) {
                throw new AssertionError("unexpected line " + l);
            }
            long off = offset.get(m.group(1));
            gotT.add("{\"flow\":\"" + refName + "#" + (off + Long.parseLong(m.group(2))) + "\",\"frame\":"
                    + (off + Long.parseLong(m.group(3))) + "," + l.substring(m.end()));
        }
        assertLines("tasks.jsonl", wantT, sorted(gotT));
        assertEquals(Files.readString(ref.resolve("users.jsonl")), Files.readString(out.resolve("users.jsonl")),
                "users.jsonl");
        ObjectMapper json = new ObjectMapper();
        ObjectNode a = (ObjectNode) json.readTree(ref.resolve("summary.json").toFile());
        ObjectNode b = (ObjectNode) json.readTree(out.resolve("summary.json").toFile());
        a.remove("files");
        b.remove("files");
        assertEquals(a, b, "summary.json without files");
    }

    /** Only each flow's identity, times and counters (the keys up to bytes_down), not its verdict. */
    static void assertSameCounters(Path ref, String refName, Path out, List<Path> pieces) throws IOException {
        Path a = Files.createTempDirectory("counters-ref");
        Path b = Files.createTempDirectory("counters-out");
        Files.write(a.resolve("flows.jsonl"), counters(Files.readAllLines(ref.resolve("flows.jsonl"))));
        Files.write(b.resolve("flows.jsonl"), counters(Files.readAllLines(out.resolve("flows.jsonl"))));
        for (Path d : List.of(a, b)) {
            Files.writeString(d.resolve("tasks.jsonl"), "");
            Files.writeString(d.resolve("users.jsonl"), "");
            Files.writeString(d.resolve("summary.json"), "{}");
        }
        assertSame(a, refName, b, pieces);
    }

    private static List<String> counters(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                out.add(l.substring(0, l.indexOf(",\"flow_type\"")) + "}");
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.removeIf(String::isBlank);
        c.sort(null);
        return c;
    }

    private static void assertLines(String what, List<String> want, List<String> got) {
        if (want.equals(got)) {
            return;
        }
        List<String> missing = new ArrayList<>(want);
        got.forEach(missing::remove);
        List<String> extra = new ArrayList<>(got);
        want.forEach(extra::remove);
        throw new AssertionError(what + ": " + want.size() + " lines expected, " + got.size() + " got; "
                + missing.size() + " missing, e.g. " + missing.stream().limit(3).toList() + "; " + extra.size()
                + " unexpected, e.g. " + extra.stream().limit(3).toList());
    }
}
