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

    /**
     * Schedules the whole experiment on the context's scheduler. Tasks are interleaved, and the tester
     * relaunches the app every 20-40 tasks (as with the paper's two phones and repeated sessions), so the
     * trace holds several persistent flows, each with its own counters.
     */
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
        for (int i = plan.size() - 1; i > 0; i--) {
            java.util.Collections.swap(plan, i, rnd.nextInt(i + 1));
        }
        ctx.scheduler.at(epochMicros, () -> {
            long ready = app.start(ctx.scheduler.now());
            ctx.scheduler.at(ready + gap(), () -> step(plan, 0, sessionLength()));
        });
    }

    private int sessionLength() {
        return 20 + rnd.nextInt(21);
    }

    private long gap() {
        return 8_000_000L + rnd.nextLong(14_000_000L);
    }

    private void step(List<String> plan, int i, int leftInSession) {
        if (i >= plan.size()) {
            app.stop(ctx.scheduler.now());
            return;
        }
        if (leftInSession == 0) {
            // the phone lies idle before the app is relaunched, as between the paper's sessions: the
            // system tasks (heartbeats every 300 s) then show up several times in each persistent flow
            long idle = 20 * 60_000_000L + rnd.nextLong(10 * 60_000_000L);
            ctx.scheduler.at(ctx.scheduler.now() + idle, () -> {
                long stopped = app.stop(ctx.scheduler.now());
                ctx.scheduler.at(stopped + gap(), () -> {
                    long ready = app.start(ctx.scheduler.now());
                    ctx.scheduler.at(ready + gap(), () -> step(plan, i, sessionLength()));
                });
            });
            return;
        }
        String task = plan.get(i);
        long[] se = app.run(task, ctx.scheduler.now());
        rows.add(String.format(Locale.ROOT, "%d.%06d,%d.%06d,%s,%s,%s", se[0] / 1_000_000, se[0] % 1_000_000,
                se[1] / 1_000_000, se[1] % 1_000_000, task, device.host().ipString(), app.serviceOf(task)));
        ctx.scheduler.at(se[1] + gap(), () -> step(plan, i + 1, leftInSession - 1));
    }

    /** Writes the manifest of one or more devices' experiments, rows in time order. */
    public static void writeManifest(Path file, List<ControlledScenario> runs) {
        List<String> all = new ArrayList<>();
        for (ControlledScenario r : runs) {
            all.addAll(r.rows);
        }
        // rows start with a fixed-width epoch (10 digits before the point), so text order is time order
        all.sort(null);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("start,end,task,client,service\n");
            for (String r : all) {
                w.write(r);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
