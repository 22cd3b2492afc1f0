package org.chatdissect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.match.classify.AppCounters;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.match.feedback.FeedbackLoop;
import org.chatdissect.match.feedback.FeedbackOptions;
import org.chatdissect.match.feedback.FeedbackResult;
import org.chatdissect.match.feedback.RoundResult;
import org.chatdissect.match.report.Report;
import org.chatdissect.match.report.ReportReader;
import org.chatdissect.match.report.ReportTables;
import org.chatdissect.match.report.ReportWriter;
import org.chatdissect.model.CaptureRef;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code chatdissect demo}: the whole pipeline on built-in data, as the README's first command. Controlled
 * traces of the five applications, training (preset improved), an operator trace of another seed,
 * classification with all signature sets, one feedback round, the report; ends with Table III and WeChat's
 * Table IV as text. Every run starts afresh in the output directory, so the same seed and size give the same files.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole ChatDissect pipeline on generated traces and prints the summary tables.")
final class DemoCommand implements Callable<Integer> {
    static final List<App> APPS = List.of(App.WECHAT, App.QQ, App.QQVIDEO, App.SKYPE, App.MEETING);
    /** Marks a directory the demo wrote, so a rerun may empty it without risking a user's files. */
    static final String MARKER = ".chatdissect-demo";
    private static final int STEPS = 6;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--size", defaultValue = "300m", description = "size of the operator trace (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the controlled traces; the operator trace uses seed+1 (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        long bytes;
        try {
            bytes = Generate.parseSize(size);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad --size '" + size + "'");
        }
        if (bytes < (1L << 20)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be at least 1m");
        }
        System.setProperty("java.awt.headless", "true");
        prepare(out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "chatdissect demo: seed %d, operator trace %s, output in %s%n", seed, size, out);
        w.flush();
        try (DemoProgress p = new DemoProgress(w, spec.commandLine().getErr(), System.console() != null, STEPS)) {
            run(p, w, bytes);
        }
        return ChatDissect.EXIT_OK;
    }

    private void run(DemoProgress p, PrintWriter w, long bytes) throws IOException {
        long t = p.start("generating controlled traces");
        Map<App, GeneratedCapture> lab = new LinkedHashMap<>();
        for (App a : APPS) {
            lab.put(a, Generate.run(Scenario.CONTROLLED, a, seed, out.resolve("lab").resolve(a.id()), 0, Set.of()));
        }
        p.done(t, "generated controlled traces of " + APPS.size() + " applications in " + out.resolve("lab"));

        t = p.start("training " + APPS.size() + " applications (preset improved)");
        List<SignatureSet> sets = trainAll(lab);
        List<Path> sigFiles = new ArrayList<>();
        StringBuilder trained = new StringBuilder();
        for (int i = 0; i < APPS.size(); i++) {
            Path f = out.resolve("signatures").resolve(APPS.get(i).id() + ".json");
            Files.createDirectories(f.getParent());
            SignatureJson.write(sets.get(i), f);
            sigFiles.add(f);
            trained.append(i == 0 ? "" : ", ").append(APPS.get(i).id()).append(' ').append(sets.get(i).signatures().size());
        }
        p.done(t, "trained signatures (" + trained + ") -> " + out.resolve("signatures"));

        t = p.start("generating the operator trace");
        GeneratedCapture op = Generate.run(Scenario.OPERATOR, App.ALL, seed + 1, out.resolve("operator"), bytes, Set.of());
        p.done(t, String.format(Locale.ROOT, "generated operator trace: %,d frames, %,d bytes -> %s", op.frames(),
                op.bytes(), op.pcap()));

        t = p.start("classifying");
        Path classified = out.resolve("classify");
        ClassificationResult cr = new Classifier(CompiledSignatures.compile(sets), FlowTableConfig.defaults(), 1, null)
                .run(List.of(op.pcap()), classified);
        p.done(t, "classified " + flowsLine(cr) + " -> " + classified);

        t = p.start("feedback (one round)");
        SignatureSet all = FeedbackCommand.readSignatures(sigFiles);
        FeedbackOptions fo = new FeedbackOptions(Parameters.improved(), FlowTableConfig.defaults(), 1, 1,
                List.of(new CaptureRef(op.pcap().getFileName().toString(), Training.sha256(op.pcap()), op.frames())),
                "chatdissect " + VersionProvider.version());
        List<RoundResult> rounds = new ArrayList<>();
        FeedbackResult fr = new FeedbackLoop(fo).run(all, List.of(op.pcap()), out.resolve("feedback"), rounds::add);
        Path fbFile = out.resolve("signatures").resolve("feedback.json");
        SignatureJson.write(fr.signatures(), fbFile);
        RoundResult r1 = fr.rounds().get(0);
        p.done(t, "feedback: " + r1.additions().size() + " unreviewed candidates from " + r1.feedbackFlows()
                + " unclassified flows to known servers -> " + fbFile);
        int shown = 0;
        for (var a : r1.additions()) {
            if (shown++ == 12) {
                w.println("    ... " + (r1.additions().size() - 12) + " more: chatdissect signatures diff "
                        + out.resolve("signatures").resolve("wechat.json") + " " + fbFile);
                break;
            }
            w.println("    " + a.line());
        }

        t = p.start("writing the report");
        Report report = Report.of(ReportReader.read(classified), "wechat");
        List<Path> written = ReportWriter.write(report, out.resolve("report.html"));
        p.done(t, "report -> " + written.get(0));

        w.println();
        w.print(DemoTableText.render(ReportTables.table3(report.table3())));
        w.println();
        w.print(DemoTableText.render(ReportTables.table4(report.table4())));
        w.println();
        w.printf(Locale.ROOT, "done in %.0f s; report: %s%n", p.elapsedSeconds(), written.get(0).toAbsolutePath());
        w.flush();
    }

    private static String flowsLine(ClassificationResult cr) {
        AppCounters k = cr.counters();
        StringBuilder b = new StringBuilder(cr.flows() + " flows (");
        for (int i = 0; i < cr.apps().size(); i++) {
            b.append(cr.apps().get(i)).append(' ').append(k.flows(i)).append(", ");
        }
        return b.append("unknown ").append(k.flows(cr.apps().size())).append(')').toString();
    }

    /**
     * Trains the applications on up to two threads (the trainer is single-threaded and WeChat's trace is the
     * largest); results come back in {@link #APPS} order, so files and output do not depend on the scheduling.
     */
    private static List<SignatureSet> trainAll(Map<App, GeneratedCapture> lab) throws IOException {
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "demo-train");
            th.setDaemon(true);
            return th;
        });
        try {
            List<java.util.concurrent.Future<SignatureSet>> futures = new ArrayList<>();
            for (App a : APPS) {
                futures.add(pool.submit(() -> train(a, lab.get(a))));
            }
            List<SignatureSet> sets = new ArrayList<>();
            for (var f : futures) {
                sets.add(f.get());
            }
            return sets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static SignatureSet train(App a, GeneratedCapture g) throws IOException {
        // QQ video's login and call set-up ride QQ IM's OICQ channel to QQ's servers (port 8000, and their DNS):
        // left out, so that the QQ video signatures describe the video media only
        ServerFilter filter = a == App.QQVIDEO ? ServerFilter.parse(List.of("!:8000", "!:53")) : ServerFilter.acceptAll();
        return Training.run(a.id(), List.of(g.pcap()), g.manifest(), Parameters.improved(), FlowTableConfig.defaults(),
                filter, line -> { }, "chatdissect " + VersionProvider.version()).signatures();
    }

    /** Empties a directory the demo wrote before (marker file), refuses any other non-empty one. */
    private void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new UserException(dir + ": exists and was not written by 'chatdissect demo'; choose another --out",
                        ChatDissect.EXIT_USAGE);
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "written by chatdissect demo; the next demo run empties this directory\n");
    }
}
