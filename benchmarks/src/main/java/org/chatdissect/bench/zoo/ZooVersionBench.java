package org.chatdissect.bench.zoo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.zoo.Zoo;
import org.chatdissect.datasets.zoo.ZooProtocol;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.train.Training;

/**
 * Signatures against a new client version (issue "Learn protocols nobody here has seen", item 4): for each zoo protocol
 * with a version field, train on the capture of client version 0 as {@code train --preset improved} does, then
 * classify as {@code classify} does a capture of version 0 (another session: the control) and one of version 1 (every
 * device bumped the version's last byte), and count the protocol's flows found against the truth flows.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.chatdissect.bench.zoo.ZooVersionBench [N] [WORK_DIR]}:
 * seeds 1..N (tuning) and {@link Zoo#TEST_FROM}..+N-1 (test) that have a version field.
 */
public final class ZooVersionBench {
    private ZooVersionBench() {}

    /** Tolerances measured ({@code classify --version-tolerance}). */
    static final int[] TOLERANCES = {0, 1, 2};

    /**
     * Flows found / truth flows, summed over the protocols of one seed range: {@code same[t]} on another session of the
     * same version, {@code next[t]} on the next version, with tolerance {@code TOLERANCES[t]}.
     */
    public record Row(String range, int protocols, long truthSame, long[] same, long truthNext, long[] next) {}

    /** @param trained receives each protocol's signatures (for the real-capture check) */
    public static Row run(String range, List<Long> seeds, Parameters params, Path work, List<SignatureSet> trained)
            throws IOException {
        int protocols = 0;
        long truthSame = 0;
        long truthNext = 0;
        long[] same = new long[TOLERANCES.length];
        long[] next = new long[TOLERANCES.length];
        for (long seed : seeds) {
            if (ZooProtocol.draw(seed).field(ZooProtocol.Kind.VERSION) == null) {
                continue;
            }
            protocols++;
            Path train = capture(work, seed, "zoo-" + seed, 0, 0);
            SignatureSet set = Training.run("zoo", List.of(train.resolve(Generate.PCAP)), train.resolve("manifest.csv"),
                    params, FlowTableConfig.defaults(), ServerFilter.acceptAll(), line -> { }, "zoo-version-bench")
                    .signatures();
            trained.add(set);
            Path sameCapture = capture(work, seed, "zoo-" + seed + "-session2", 0, 1);
            Path nextCapture = capture(work, seed, "zoo-" + seed + "-v1", 1, 0);
            truthSame += count(sameCapture.resolve("truth-flows.jsonl"));
            truthNext += count(nextCapture.resolve("truth-flows.jsonl"));
            for (int t = 0; t < TOLERANCES.length; t++) {
                same[t] += found(set, sameCapture, TOLERANCES[t], work);
                next[t] += found(set, nextCapture, TOLERANCES[t], work);
            }
        }
        return new Row(range, protocols, truthSame, same, truthNext, next);
    }

    /**
     * The capture of a seed's protocol under {@code dir} in the work directory, generated when missing. {@code session}
     * makes another lab session of version 0 (its capture seed differs as a new version's does).
     */
    private static Path capture(Path work, long seed, String dir, int version, int session) {
        Path d = work.resolve(dir);
        if (!Files.exists(d.resolve(Generate.PCAP)) || !Files.exists(d.resolve("truth-flows.jsonl"))) {
            Zoo.generate(seed, d, version, session);
        }
        return d;
    }

    /** Flows {@code classify --version-tolerance T} labels with the protocol. */
    private static long found(SignatureSet set, Path capture, int tolerance, Path work) throws IOException {
        return found(List.of(set), capture.resolve(Generate.PCAP), tolerance, work);
    }

    /** Flows of {@code input} (a capture or a directory of them) that the sets, all of app "zoo", label. */
    static long found(List<SignatureSet> sets, Path input, int tolerance, Path work) throws IOException {
        Path out = Files.createTempDirectory(work, "classify");
        try {
            new Classifier(CompiledSignatures.compile(sets, tolerance), FlowTableConfig.defaults(), 2, null)
                    .run(List.of(input), out);
            return count(out.resolve("flows.jsonl"));
        } finally {
            try (var s = Files.walk(out)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long count(Path jsonl) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(jsonl)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                n += l.contains("\"app\":\"" + "zoo" + "\"") ? 1 : 0;
            }
        }
        return n;
    }

    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| seeds | protocols with a version field |");
        for (int t : TOLERANCES) {
            sb.append(" same version, tolerance ").append(t).append(" | next version, tolerance ").append(t).append(" |");
        }
        sb.append("\n|---|---|").append("---|---|".repeat(TOLERANCES.length)).append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.range()).append(" | ").append(r.protocols()).append(" |");
            for (int t = 0; t < TOLERANCES.length; t++) {
                sb.append(String.format(Locale.ROOT, " %.3f (%d/%d) | %.3f (%d/%d) |", r.same()[t] / (double) Math.max(1,
                        r.truthSame()), r.same()[t], r.truthSame(), r.next()[t] / (double) Math.max(1, r.truthNext()),
                        r.next()[t], r.truthNext()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Usage: {@code [N] [WORK_DIR] [REAL_CAPTURES]}; REAL_CAPTURES (default {@code ../shared/captures/ndpi}), when
     * present, is classified with the signatures of every protocol measured, at each tolerance: every flow they label
     * there is a false positive (the zoo's protocols are random, none of them is in a real capture).
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path work = Path.of(args.length > 1 ? args[1] : "target/zoo");
        Path real = Path.of(args.length > 2 ? args[2] : "../shared/captures/ndpi");
        Files.createDirectories(work);
        List<Row> rows = new ArrayList<>();
        List<SignatureSet> trained = new ArrayList<>();
        rows.add(run("tuning 1.." + n, ZooBench.seeds(1, n), Parameters.improved(), work, trained));
        System.err.print(markdown(rows));
        rows.add(run("test " + Zoo.TEST_FROM + "..+" + (n - 1), ZooBench.seeds(Zoo.TEST_FROM, n), Parameters.improved(),
                work, trained));
        System.out.print(markdown(rows));
        if (Files.isDirectory(real)) {
            System.out.println();
            System.out.println("| real captures (" + real + ") | " + trained.size() + " protocols' signatures |");
            System.out.println("|---|---|");
            for (int t : TOLERANCES) {
                System.out.println("| flows labelled, tolerance " + t + " | " + found(trained, real, t, work) + " |");
            }
        }
    }
}
