package org.chatdissect.datasets.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.net.EventScheduler;
import org.chatdissect.datasets.net.Impairments;
import org.chatdissect.datasets.net.PcapWriter;
import org.chatdissect.datasets.net.Wire;
import org.chatdissect.datasets.scenario.ControlledScenario;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;
import org.chatdissect.datasets.truth.TruthRecorder;

/**
 * The protocol zoo: for a seed, a random binary protocol ({@link ZooProtocol}) and a controlled capture of it with
 * its manifest and truth, as {@link Generate} writes them for the simulated apps, plus {@code protocol.txt} (the
 * drawn layout). Seeds below {@link #TEST_FROM} are the tuning range; the test range is reported, never tuned on.
 */
public final class Zoo {
    /** First seed of the test range; seeds 1 .. TEST_FROM-1 are for tuning. */
    public static final long TEST_FROM = 100_001;
    public static final String PROTOCOL = "protocol.txt";

    private Zoo() {}

    /** Whether a seed is in the tuning range. */
    public static boolean tuning(long seed) {
        return seed < TEST_FROM;
    }

    /** Writes the controlled capture of the seed's protocol into {@code outDir}; same seed, same bytes. */
    public static GeneratedCapture generate(long seed, Path outDir) {
        ZooProtocol proto = ZooProtocol.draw(seed);
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(PROTOCOL), proto + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path pcap = outDir.resolve(Generate.PCAP);
        SplittableRandom master = new SplittableRandom(seed);
        long frames;
        long bytes;
        Path manifest = outDir.resolve(ControlledScenario.MANIFEST);
        try (PcapWriter pw = new PcapWriter(pcap, 262144); TruthRecorder truth = new TruthRecorder(outDir)) {
            Wire wire = new Wire(pw, truth, Impairments.NONE);
            EventScheduler sched = new EventScheduler();
            SimContext ctx = new SimContext(wire, sched, master, 1460);
            // several devices, as in a lab: a per-device value (the user id) then varies and cannot pass for a constant
            int devices = 2 + master.nextInt(2);
            List<ControlledScenario> runs = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                Device dev = new Device(ctx.addresses.client(false, 0), ctx.split());
                ControlledScenario cs = new ControlledScenario(ctx, new ZooClient(ctx, dev, proto), dev, Set.of(),
                        Generate.EPOCH_MICROS + d * 37_000_000L);
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
}
