package org.chatdissect.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.match.classify.AppCounters;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.json.SignatureJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code chatdissect classify}: labels the flows of captures by application and task (section III-B). */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classifies the flows of captures by application and task and writes a report directory "
                + "(flows.jsonl, tasks.jsonl, users.jsonl, summary.json).")
final class ClassifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--signatures", required = true, arity = "1..*", paramLabel = "SIG.json",
            description = "signature files; earlier files win ties")
    List<Path> signatureFiles;

    @Option(names = "--in", required = true, arity = "1..*", paramLabel = "PATH",
            description = "captures or directories (files sorted by path)")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--threads", defaultValue = "1", description = "files classified in parallel (default 1)")
    int threads;

    @Option(names = "--one-capture",
            description = "the inputs are consecutive pieces of one capture (tcpdump -C/-G, dumpcap -b), in input order: "
                    + "one reader, one flow table, so flows and endpoint associations cross file edges (one thread)")
    boolean oneCapture;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
            description = "local (default): this JVM's threads; spark: a Spark job (docs/design/spark.md)")
    String engine;

    @Option(names = "--spark-master", defaultValue = "local[*]", paramLabel = "URL",
            description = "with --engine spark: the Spark master (default ${DEFAULT-VALUE}: embedded; spark-submit sets its own)")
    String sparkMaster;

    @Option(names = "--spark-partitions", defaultValue = "0", paramLabel = "N",
            description = "with --engine spark: partitions of the fragment merge and the sort (default: Spark's parallelism)")
    int sparkPartitions;

    @Option(names = "--association-idle", defaultValue = "3600", paramLabel = "SECONDS",
            description = "an endpoint association unused this long expires (default ${DEFAULT-VALUE}: the user-session idle time)")
    long associationIdleSeconds;

    @Option(names = "--version-tolerance", defaultValue = "0", paramLabel = "BYTES",
            description = "bytes of a header signature's constants that may differ from every learnt value (a new client"
                    + " version) where the structure holds: 3 compared bytes equal and a learnt opcode (default ${DEFAULT-VALUE}:"
                    + " exact; docs/cli.md)")
    int versionTolerance;

    @Mixin
    FlowTableOptions flowTable;

    @Override
    public Integer call() throws Exception {
        if (!engine.equals("local") && !engine.equals("spark")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--engine must be local or spark");
        }
        if (oneCapture && engine.equals("spark")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--one-capture is for --engine local (--engine spark joins flows across files by itself)");
        }
        // every option reaches the engine it names or is refused: none is silently dropped
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (engine.equals("spark") && given.hasMatchedOption("--threads")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads is for --engine local "
                    + "(--engine spark runs as many tasks as its master gives it: --spark-master local[N])");
        }
        for (String sparkOnly : List.of("--spark-master", "--spark-partitions")) {
            if (engine.equals("local") && given.hasMatchedOption(sparkOnly)) {
                throw new CommandLine.ParameterException(spec.commandLine(), sparkOnly + " is for --engine spark");
            }
        }
        if (engine.equals("spark") && versionTolerance != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--version-tolerance is for --engine local "
                    + "(the Spark engine matches exactly)");
        }
        if (versionTolerance < 0 || versionTolerance > 8) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--version-tolerance must be 0 to 8 bytes");
        }
        if (engine.equals("spark") && !SparkEngine.onClassPath()) {
            throw new UserException("--engine spark needs Spark on the class path (trainer-cli/target/lib-spark/*, "
                    + "which ./chatdissect adds for --engine spark)", ChatDissect.EXIT_USAGE);
        }
        if (engine.equals("spark") && !SparkEngine.modulesOpen()) {
            return SparkEngine.relaunch(spec.commandLine().getParseResult().originalArgs());
        }
        if (threads <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be positive");
        }
        if (oneCapture && threads > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--one-capture reads the files in order with one thread: leave out --threads");
        }
        if (associationIdleSeconds <= 0 || associationIdleSeconds > Long.MAX_VALUE / 1_000_000_000L) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--association-idle must be a positive number of seconds");
        }
        List<Path> read = new ArrayList<>(inputs);
        read.addAll(signatureFiles);
        OutputGuard.directory("--out", out, read);
        FlowTableConfig flowConfig = flowTable.config(spec.commandLine());
        List<SignatureSet> sets = new ArrayList<>();
        for (Path p : signatureFiles) {
            try {
                sets.add(SignatureJson.read(p));
            } catch (SignatureFileException e) {
                throw new UserException(e.getMessage());
            }
        }
        CompiledSignatures sigs;
        try {
            sigs = CompiledSignatures.compile(sets, versionTolerance);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (engine.equals("spark")) {
            ClassificationResult sr = SparkEngine.run(sets, inputs, out, flowConfig,
                    associationIdleSeconds * 1_000_000_000L, sparkMaster, sparkPartitions);
            print(spec.commandLine().getOut(), sr);
            return ChatDissect.EXIT_OK;
        }
        AtomicLong progress = System.console() != null ? new AtomicLong() : null;
        Classifier classifier = new Classifier(sigs, flowConfig, threads, progress, associationIdleSeconds * 1_000_000_000L);
        ClassificationResult r;
        Thread bar = progress == null ? null : progressBar(progress, spec.commandLine().getErr());
        try {
            r = oneCapture ? classifier.runOneCapture(inputs, out) : classifier.run(inputs, out);
        } finally {
            if (bar != null) {
                bar.interrupt();
                bar.join();
            }
        }
        print(spec.commandLine().getOut(), r);
        return ChatDissect.EXIT_OK;
    }

    /** A one-line counter on stderr, redrawn twice a second; only started on an interactive console. */
    private static Thread progressBar(AtomicLong packets, PrintWriter err) {
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(500);
                    double s = (System.nanoTime() - t0) / 1e9;
                    err.printf(Locale.ROOT, "\rclassify: %,d packets, %.0f packets/s ", packets.get(), packets.get() / s);
                    err.flush();
                }
            } catch (InterruptedException e) {
                // done
            }
            err.print("\r\033[K");
            err.flush();
        }, "progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void print(PrintWriter w, ClassificationResult r) {
        var c = r.capture();
        w.println("packets read: " + c.packetsRead);
        w.println("  classified: " + r.packetsClassified());
        w.println("  unknown: " + r.packetsUnknown());
        w.println("  undecoded: " + c.undecodedTotal());
        for (Map.Entry<String, Long> e : c.undecodedByReason().entrySet()) {
            w.println("    " + e.getKey() + ": " + e.getValue());
        }
        AppCounters k = r.counters();
        w.println("flows: " + r.flows());
        for (int i = 0; i <= r.apps().size(); i++) {
            String name = i < r.apps().size() ? r.apps().get(i) : "unknown";
            // concatenation, not printf: java.util.Formatter's first use (locale data) was ~5% of a classify start
            w.println("  " + name + ": " + k.flows(i) + " flows, " + k.packets(i) + " packets, " + k.bytes(i) + " bytes");
        }
        w.println("user sessions: " + r.sessions());
        List<String> warnings = new ArrayList<>(r.warnings());
        if (c.packetsRead != r.packetsClassified() + r.packetsUnknown() + c.undecodedTotal()) {
            warnings.add("packet accounting does not add up: read " + c.packetsRead + " != classified "
                    + r.packetsClassified() + " + unknown " + r.packetsUnknown() + " + undecoded " + c.undecodedTotal());
        }
        w.println("warnings: " + warnings.size());
        for (String s : warnings) {
            w.println("  warning: " + UserErrorHandler.oneLine(s));
        }
        w.flush();
    }
}
