package org.chatdissect.bench.zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.zoo.Zoo;
import org.chatdissect.datasets.zoo.ZooProtocol;
import org.chatdissect.store.train.Training;

/**
 * Trains on zoo protocols as {@code chatdissect train --app zoo --in capture.pcap --manifest manifest.csv --preset P}
 * does ({@link Training#run}, the command's own entry) and scores the signatures against the drawn truth
 * ({@link ZooScore}); prints one Markdown row per seed range and preset. Choose on the tuning range, report the test
 * range (docs/benchmarks.md).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.chatdissect.bench.zoo.ZooBench [N] [WORK_DIR]}:
 * seeds 1..N (tuning) and {@link Zoo#TEST_FROM}..+N-1 (test), default N = 100; captures are cached in WORK_DIR
 * (default {@code target/zoo}).
 */
public final class ZooBench {
    private ZooBench() {}

    /** Per-protocol results of one preset over one seed range, and their means. */
    public record Row(String range, String preset, int protocols, int failed, double types, double boundaryF1,
            double tasks, int periodic, int triggered, double matched, double vMeasure) {}

    /** Trains and scores each seed; a training that fails counts with every score 0. */
    public static Row run(String range, List<Long> seeds, String preset, Parameters params, Path work) throws Exception {
        double types = 0;
        double f1 = 0;
        double tasks = 0;
        double matched = 0;
        double v = 0;
        int periodic = 0;
        int triggered = 0;
        int failed = 0;
        for (long seed : seeds) {
            Path dir = work.resolve("zoo-" + seed);
            if (!Files.exists(dir.resolve(Generate.PCAP)) || !Files.exists(dir.resolve("manifest.csv"))) {
                Zoo.generate(seed, dir);
            }
            ZooProtocol p = ZooProtocol.draw(seed);
            ZooScore s;
            try {
                var o = Training.run("zoo", List.of(dir.resolve(Generate.PCAP)), dir.resolve("manifest.csv"), params,
                        FlowTableConfig.defaults(), ServerFilter.acceptAll(), line -> { }, "zoo-bench");
                s = ZooScore.of(p, dir, o.signatures());
            } catch (RuntimeException e) {
                System.err.println("seed " + seed + " " + preset + ": training failed: " + e.getMessage());
                failed++;
                continue;
            }
            types += s.typeAccuracy();
            f1 += s.boundaries().f1();
            tasks += s.taskAccuracy();
            matched += s.messagesMatched() / (double) Math.max(1, s.messages());
            v += s.vMeasure();
            periodic += s.periodic() ? 1 : 0;
            triggered += s.triggered() ? 1 : 0;
        }
        int n = seeds.size();
        return new Row(range, preset, n, failed, types / n, f1 / n, tasks / n, periodic, triggered, matched / n, v / n);
    }

    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| seeds | preset | protocols | training failed | header bytes typed right"
                + " | header boundary F1 | user tasks mapped | heartbeat periodic | sync triggered | messages matched"
                + " | message-type V-measure |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %.3f | %d/%d | %d/%d | %.3f | %.3f |%n",
                    r.range(), r.preset(), r.protocols(), r.failed(), r.types(), r.boundaryF1(), r.tasks(),
                    r.periodic(), r.protocols(), r.triggered(), r.protocols(), r.matched(), r.vMeasure()));
        }
        return sb.toString();
    }

    public static Map<String, Parameters> presets() {
        Map<String, Parameters> m = new LinkedHashMap<>();
        m.put("paper", Parameters.defaults());
        m.put("improved", Parameters.improved());
        return m;
    }

    static List<Long> seeds(long from, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(from + i);
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path work = Path.of(args.length > 1 ? args[1] : "target/zoo");
        List<Row> rows = new ArrayList<>();
        for (var range : List.of(Map.entry("tuning 1.." + n, 1L), Map.entry("test " + Zoo.TEST_FROM + "..+"
                + (n - 1), Zoo.TEST_FROM))) {
            for (var p : presets().entrySet()) {
                rows.add(run(range.getKey(), seeds(range.getValue(), n), p.getKey(), p.getValue(), work));
                System.err.println(markdown(List.of(rows.get(rows.size() - 1))));
            }
        }
        System.out.print(markdown(rows));
    }
}
