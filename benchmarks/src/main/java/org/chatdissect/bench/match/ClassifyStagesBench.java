package org.chatdissect.bench.match;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.Direction;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.json.SignatureJson;

/**
 * Bench command: where the time of {@code chatdissect classify} goes, stage by stage, in one JVM, so the
 * steady state (after JIT warm-up) is separated from JVM start-up and compilation. Each stage runs
 * {@code runs} times and every run is printed (the first includes warm-up).
 *
 * <p>Usage: {@code ClassifyStagesBench capture.pcap runs stage[,stage...] sig.json...} with stages
 * {@code read} (records only), {@code decode} (read + decode), {@code flows} (read + decode + flow table with an
 * empty observer) and {@code classify} (the whole {@link Classifier} run, writing to a temporary directory).
 */
public final class ClassifyStagesBench {
    /** CPU of the whole process (reading thread, JIT compiler and GC threads): robust against a busy machine. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ClassifyStagesBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        String[] stages = args[2].split(",");
        List<SignatureSet> sets = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            sets.add(SignatureJson.read(Path.of(args[i])));
        }
        CompiledSignatures sigs = CompiledSignatures.compile(sets);
        long bytes = Files.size(file);
        Path out = Files.createTempDirectory("classify-bench");
        for (String stage : stages) {
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                long c0 = PROCESS.getProcessCpuTime();
                long packets = switch (stage) {
                    case "read" -> read(file, false);
                    case "decode" -> read(file, true);
                    case "flows" -> flows(file);
                    case "classify" -> new Classifier(sigs, FlowTableConfig.defaults(), 1, null)
                            .run(List.of(file), out).capture().packetsRead;
                    default -> throw new IllegalArgumentException("stage " + stage);
                };
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (PROCESS.getProcessCpuTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT,
                        "%-9s run %d: %9d packets wall %7.3f s %6.2f Mpkt/s %6.2f Gbit/s | process cpu %7.3f s %6.2f Mpkt/s%n",
                        stage, r, packets, s, packets / s / 1e6, bytes * 8 / s / 1e9, cpu, packets / cpu / 1e6);
            }
        }
    }

    static long read(Path file, boolean decode) throws Exception {
        CaptureStats stats = new CaptureStats();
        PacketDecoder dec = new PacketDecoder(stats);
        PacketRecord rec = new PacketRecord();
        DecodedPacket out = new DecodedPacket();
        long n = 0;
        try (PacketSource src = CaptureReader.open(List.of(file), stats)) {
            while (src.next(rec)) {
                n++;
                if (decode) {
                    dec.decode(rec, out);
                }
            }
        }
        return n;
    }

    static long flows(Path file) throws Exception {
        CaptureStats stats = new CaptureStats();
        FlowObserver none = new FlowObserver() {
            @Override
            public void onFlowStart(Flow flow) {}

            @Override
            public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len,
                    int wireLen) {}

            @Override
            public void onFlowEnd(Flow flow) {}
        };
        try (PacketSource src = CaptureReader.open(List.of(file), stats)) {
            new CaptureFlows(FlowTableConfig.defaults(), none).run(src, stats);
        }
        return stats.packetsRead;
    }
}
