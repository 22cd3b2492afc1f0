package org.chatdissect.bench.datasets;

import java.nio.file.Path;
import java.util.Set;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;

/**
 * Writes an operator trace and reports MB/s of capture written (truth files included in the work, not in
 * the figure). Usage: {@code java -cp ... OperatorGenerateBench [size=1g] [dir=/tmp/chatdissect-bench] [seed=1]}.
 * A short warm-up run lets the JIT settle first.
 */
public final class OperatorGenerateBench {
    private OperatorGenerateBench() {}

    public static void main(String[] args) {
        long size = Generate.parseSize(args.length > 0 ? args[0] : "1g");
        Path dir = Path.of(args.length > 1 ? args[1] : "/tmp/chatdissect-bench");
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Generate.run(Scenario.OPERATOR, App.ALL, seed + 1, dir.resolve("warmup"), 64L << 20, Set.of());
        long t0 = System.nanoTime();
        GeneratedCapture g = Generate.run(Scenario.OPERATOR, App.ALL, seed, dir.resolve("run"), size, Set.of());
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("operator trace: %d bytes, %d frames in %.2f s = %.1f MB/s (%s)%n",
                g.bytes(), g.frames(), s, g.bytes() / 1e6 / s, g.pcap());
    }
}
