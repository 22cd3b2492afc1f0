package org.chatdissect.datasets.scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;

/**
 * The paper's controlled experiment (§II-B): one device, one app, every user task repeated several times
 * with quiet gaps, and a manifest of when each task ran. Background tasks are deliberately absent from
 * the manifest: the trainer has to discover them.
 */
public final class ControlledScenario {
    public static final String MANIFEST = "manifest.csv";
    private final SimContext ctx;
    private final AppSession app;
    private final Device device;
    private final Set<String> exclude;
    private final SplittableRandom rnd;
    private final List<String> rows = new ArrayList<>();
    private final long epochMicros;

    public ControlledScenario(SimContext ctx, AppSession app, Device device, Set<String> exclude, long epochMicros) {
        this.ctx = ctx;
        this.app = app;
        this.device = device;
        this.exclude = exclude;
        this.rnd = ctx.split();
        this.epochMicros = epochMicros;
    }

    /** Schedules the whole experiment on the context's scheduler. */
    public void schedule() {
        List<String> plan = new ArrayList<>();
        for (String task : app.userTasks()) {
            if (exclude.contains(task)) {
                continue;
            }
            int reps = 5 + rnd.nextInt(4);
            for (int i = 0; i < reps; i++) {
                plan.add(task);
            }
        }
        ctx.scheduler.at(epochMicros, () -> {
            long ready = app.start(ctx.scheduler.now());
            ctx.scheduler.at(ready + gap(), () -> step(plan, 0));
        });
    }

    private long gap() {
        return 8_000_000L + rnd.nextLong(14_000_000L);
    }

    private void step(List<String> plan, int i) {
        if (i >= plan.size()) {
            app.stop(ctx.scheduler.now());
            return;
        }
        long[] se = app.run(plan.get(i), ctx.scheduler.now());
        rows.add(String.format(Locale.ROOT, "%d.%06d,%d.%06d,%s,%s", se[0] / 1_000_000, se[0] % 1_000_000,
                se[1] / 1_000_000, se[1] % 1_000_000, plan.get(i), device.host().ipString()));
        ctx.scheduler.at(se[1] + gap(), () -> step(plan, i + 1));
    }

    public void writeManifest(Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("start,end,task,client\n");
            for (String r : rows) {
                w.write(r);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
