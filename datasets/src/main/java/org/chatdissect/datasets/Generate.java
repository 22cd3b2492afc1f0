package org.chatdissect.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.EventScheduler;
import org.chatdissect.datasets.net.Impairments;
import org.chatdissect.datasets.net.PcapWriter;
import org.chatdissect.datasets.net.Wire;
import org.chatdissect.datasets.scenario.ControlledScenario;
import org.chatdissect.datasets.scenario.OperatorScenario;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;
import org.chatdissect.datasets.truth.TruthRecorder;

/**
 * Entry point for tests and the CLI: writes capture.pcap, truth-flows.jsonl, truth-messages.jsonl and (for
 * the controlled scenario) manifest.csv into {@code outDir}. Same arguments, same bytes.
 */
public final class Generate {
    public static final String PCAP = "capture.pcap";
    /** The controlled scenario's manifest of which task ran when. */
    public static final String MANIFEST = org.chatdissect.datasets.scenario.ControlledScenario.MANIFEST;
    /** 2014-03-01 08:00:00 UTC, the season of the paper's traces. */
    public static final long EPOCH_MICROS = 1_393_660_800_000_000L;
    /** Operator captures cut frames here so coalesced (GRO) frames appear truncated. */
    public static final int OPERATOR_SNAPLEN = 1518;

    private Generate() {}

    /**
     * @param sizeBytes operator scenario: stop once the capture reaches this size; controlled: ignored (0)
     * @param excludeTasks controlled scenario: user tasks to leave out (catalogue names)
     */
    public static GeneratedCapture run(Scenario scenario, App app, long seed, Path outDir, long sizeBytes,
                                       Set<String> excludeTasks) {
        if (scenario != Scenario.OPERATOR) {
            if (app == App.ALL) {
                throw new IllegalArgumentException("the controlled scenario needs one app, not all");
            }
            // Two lab devices as in the paper (section II-B): for WeChat an Android client that uses W-TCP and
            // an iPhone client that sends the same tasks as W-HTTP POSTs; for QQ one device on UDP and one on
            // TCP. Two devices also keep per-device values (a QQ number) from passing for protocol constants.
            return controlled(outDir, seed, app.id(), master -> 2,
                    (ctx, dev, d) -> Apps.session(app, ctx, dev, d == 1), excludeTasks);
        }
        createDirectories(outDir);
        Path pcap = outDir.resolve(PCAP);
        SplittableRandom master = new SplittableRandom(seed);
        long frames;
        long bytes;
        try (PcapWriter pw = new PcapWriter(pcap, OPERATOR_SNAPLEN); TruthRecorder truth = new TruthRecorder(outDir)) {
            Wire wire = new Wire(pw, truth, Impairments.OPERATOR);
            EventScheduler sched = new EventScheduler();
            SimContext ctx = new SimContext(wire, sched, master, 1460);
            long limit = sizeBytes > 0 ? sizeBytes : 64L << 20;
            new OperatorScenario(ctx, EPOCH_MICROS, Apps.operatorMix()).schedule();
            sched.run(wire::flushUntil, () -> wire.bytesWritten() >= limit);
            // a capture stopped at that moment holds nothing later: packets sessions emitted ahead of time (call
            // set-up and teardown, download segments) would be flows whose causes were never simulated
            wire.flushUntil(sched.now());
            wire.discardPending();
            wire.flushAll();
            frames = pw.frames();
            bytes = pw.bytesWritten();
        }
        return new GeneratedCapture(outDir, pcap, null, outDir.resolve(TruthRecorder.FLOWS),
                outDir.resolve(TruthRecorder.MESSAGES), frames, bytes);
    }

    /** Makes the app session of lab device {@code index} of a controlled capture. */
    @FunctionalInterface
    public interface SessionFactory {
        AppSession create(SimContext ctx, Device device, int index);
    }

    /**
     * A controlled capture (the simulated apps' and the protocol zoo's): lab devices, each running its session
     * through a {@link ControlledScenario}, the manifest of all of them; no impairments.
     *
     * @param app     the application's name, for messages
     * @param devices how many devices, drawn from the master random source after the context is made
     */
    public static GeneratedCapture controlled(Path outDir, long seed, String app,
            java.util.function.ToIntFunction<SplittableRandom> devices, SessionFactory sessions,
            Set<String> excludeTasks) {
        createDirectories(outDir);
        Path pcap = outDir.resolve(PCAP);
        SplittableRandom master = new SplittableRandom(seed);
        Path manifest = outDir.resolve(ControlledScenario.MANIFEST);
        long frames;
        long bytes;
        try (PcapWriter pw = new PcapWriter(pcap, 262144); TruthRecorder truth = new TruthRecorder(outDir)) {
            Wire wire = new Wire(pw, truth, Impairments.NONE);
            EventScheduler sched = new EventScheduler();
            SimContext ctx = new SimContext(wire, sched, master, 1460);
            int n = devices.applyAsInt(master);
            List<ControlledScenario> runs = new java.util.ArrayList<>();
            for (int d = 0; d < n; d++) {
                Device dev = new Device(ctx.addresses.client(false, 0), ctx.split());
                AppSession session = sessions.create(ctx, dev, d);
                for (String x : excludeTasks) {
                    if (!session.userTasks().contains(x)) {
                        throw new IllegalArgumentException("unknown task '" + x + "' for " + app);
                    }
                }
                ControlledScenario cs = new ControlledScenario(ctx, session, dev, excludeTasks,
                        EPOCH_MICROS + d * 37_000_000L);
                cs.schedule();
                runs.add(cs);
            }
            sched.run(wire::flushUntil, () -> false);
            ControlledScenario.writeManifest(manifest, runs);
            wire.flushAll();
            frames = pw.frames();
            bytes = pw.bytesWritten();
        }
        return new GeneratedCapture(outDir, pcap, manifest, outDir.resolve(TruthRecorder.FLOWS),
                outDir.resolve(TruthRecorder.MESSAGES), frames, bytes);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses sizes such as 512k, 64m, 2g (binary multiples); plain numbers are bytes. */
    public static long parseSize(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad size '" + s + "' (e.g. 64m, 2g)");
        }
    }
}
