package org.chatdissect.match.classify;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.chatdissect.core.capture.CaptureFormatException;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.flow.FlowTableStats;
import org.chatdissect.core.io.AtomicOutput;
import org.chatdissect.match.compile.CompiledSignatures;

/**
 * Classifies captures into a report directory: {@code flows.jsonl}, {@code tasks.jsonl}, {@code users.jsonl},
 * {@code summary.json} (docs/design/report.md). Each file is one task with its own flow table (flows never span
 * files); files run in parallel and their results are merged in input order, so the output does not depend on
 * the number of threads. {@link #runOneCapture} reads the files instead as the pieces of one capture, with one
 * flow table (flows and endpoint associations cross the file edges).
 */
public final class Classifier {
    private final CompiledSignatures sigs;
    private final FlowTableConfig config;
    private final int threads;
    private final AtomicLong progress;
    private final long associationIdleNanos;

    /** @param progress incremented as frames are read (for a progress display), or null */
    public Classifier(CompiledSignatures sigs, FlowTableConfig config, int threads, AtomicLong progress) {
        this(sigs, config, threads, progress, AssociationTable.DEFAULT_IDLE_NANOS);
    }

    /** @param associationIdleNanos lifetime of an unused association (docs/design/endpoints.md), default 60 min */
    public Classifier(CompiledSignatures sigs, FlowTableConfig config, int threads, AtomicLong progress,
                      long associationIdleNanos) {
        if (associationIdleNanos <= 0) {
            throw new IllegalArgumentException("association idle time must be positive");
        }
        this.associationIdleNanos = associationIdleNanos;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.sigs = sigs;
        this.config = config;
        this.threads = threads;
        this.progress = progress;
    }

    private record Input(Path path, boolean fromDirectory) {}

    private record FileResult(String name, CaptureStats capture, FlowTableStats flows, AppCounters counters,
            UserSessions users, Path flowsPart, Path tasksPart, boolean skipped) {}

    /** Expands directories (regular files, recursively, sorted by path) and checks named files up front. */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        return inputsOf(inputs).stream().map(Input::path).toList();
    }

    private static List<Input> inputsOf(List<Path> inputs) throws IOException {
        List<Input> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(f -> out.add(new Input(f, true)));
                }
            } else if (Files.isRegularFile(p)) {
                // fail before any output on a named file that is not a capture
                CaptureReader.open(List.of(p), new CaptureStats()).close();
                out.add(new Input(p, false));
            } else if (Files.exists(p)) {
                throw new CaptureFormatException(p + ": not a regular file or directory");
            } else {
                throw new NoSuchFileException(p.toString());
            }
        }
        return out;
    }

    public ClassificationResult run(List<Path> inputs, Path outDir) throws IOException {
        return run(inputs, outDir, null);
    }

    /**
     * As {@link #run(List, Path)}, handing every flow's verdict also to {@code observe.apply(i)} for the i-th file of
     * {@link #expand}'s list (called on that file's worker thread; null: none), so that a caller in the same process
     * (the feedback loop) takes the verdicts as they come rather than reading the output back.
     */
    public ClassificationResult run(List<Path> inputs, Path outDir, java.util.function.IntFunction<FlowSink> observe)
            throws IOException {
        List<Input> files = inputsOf(inputs);
        Files.createDirectories(outDir);
        startOutputs(outDir);
        List<FileResult> results = new ArrayList<>();
        boolean done = false;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, files.size())), r -> {
            Thread t = new Thread(r, "classify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileResult>> futures = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Input in = files.get(i);
                int index = i;
                FlowSink also = observe == null ? null : observe.apply(index);
                futures.add(pool.submit(() -> classifyFile(in, index, outDir, also)));
            }
            for (Future<FileResult> f : futures) {
                results.add(f.get());
            }
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
            if (!done) {
                // a failed run leaves no partial output (parts of files still running may remain until they stop)
                for (int i = 0; i < files.size(); i++) {
                    deleteQuietly(outDir.resolve(".flows.part-" + i));
                    deleteQuietly(outDir.resolve(".tasks.part-" + i));
                }
            }
        }
        return merge(results, outDir);
    }

    /**
     * Classifies the inputs as consecutive pieces of one capture ({@code classify --one-capture}), in the order
     * {@link #expand} gives them (named files as given, a directory's files sorted by path): one reader, one flow
     * table and one association table over all of them, so flows and endpoint associations continue across file
     * edges and the output is the uncut capture's, except that a flow's {@code file} and {@code first_frame} are
     * the file where it starts and the frame within that file (as tshark numbers that file's frames), and a task's
     * {@code frame} counts from the start of its flow's file on through the next files (as {@code --engine spark},
     * docs/design/spark.md). Lines come in the order flows end, as in a single-file run. One thread: the
     * {@code threads} of the constructor are not used. Frame accounting and warnings are those of the one reader
     * (summed over the files); files in a directory that are not captures are skipped with a warning, as in
     * {@link #run}; a file whose timestamps start before the newest packet of the files before it is warned about.
     */
    public ClassificationResult runOneCapture(List<Path> inputs, Path outDir) throws IOException {
        List<Input> files = inputsOf(inputs);
        CaptureStats capture = new CaptureStats();
        List<Path> captures = new ArrayList<>();
        for (Input in : files) {
            if (in.fromDirectory) {
                try {
                    CaptureReader.open(List.of(in.path), new CaptureStats()).close();
                } catch (CaptureFormatException e) {
                    capture.warn(e.getMessage() + " (skipped)");
                    continue;
                }
            }
            captures.add(in.path);
        }
        Files.createDirectories(outDir);
        startOutputs(outDir);
        Path flowsPart = outDir.resolve(".flows.part-0");
        Path tasksPart = outDir.resolve(".tasks.part-0");
        Classified c;
        List<String> names;
        boolean done = false;
        try {
            OneCaptureSource pieces = new OneCaptureSource(CaptureReader.open(captures, capture), capture);
            names = pieces.fileNames();
            c = classify(pieces, capture, flowsPart, tasksPart,
                    (fo, to) -> new ClassificationWriter(fo, to, sigs.apps(), pieces), null);
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(flowsPart);
                deleteQuietly(tasksPart);
            }
        }
        List<String> warnings = new ArrayList<>(capture.warnings());
        warnings.addAll(c.flows().warnings());
        concat(List.of(flowsPart), outDir.resolve("flows.jsonl"));
        concat(List.of(tasksPart), outDir.resolve("tasks.jsonl"));
        return writeRest(outDir, names, capture, c.counters(), c.users(), c.flows().flows, warnings);
    }

    /** Opens the writer of one run's flow and task lines over the two part files' streams. */
    private interface WriterFactory {
        ClassificationWriter open(OutputStream flows, OutputStream tasks) throws IOException;
    }

    /** What classifying one packet source leaves besides its flow and task lines. */
    private record Classified(FlowTableStats flows, AppCounters counters, UserSessions users) {}

    /** Classifies {@code source} into the two part files: one flow table, one association table. */
    private Classified classify(PacketSource source, CaptureStats capture, Path flowsPart, Path tasksPart,
            WriterFactory writerOf, FlowSink also) throws IOException {
        AppCounters counters = new AppCounters(sigs.apps().size());
        UserSessions users = new UserSessions();
        FlowTableStats flowStats;
        AtomicOutput.track(flowsPart);
        AtomicOutput.track(tasksPart);
        try (PacketSource src = progress == null ? source : new CountingSource(source, progress);
             OutputStream fo = new BufferedOutputStream(Files.newOutputStream(flowsPart), 1 << 16);
             OutputStream to = new BufferedOutputStream(Files.newOutputStream(tasksPart), 1 << 16);
             ClassificationWriter writer = writerOf.open(fo, to)) {
            FlowSinks sinks = new FlowSinks(also == null ? List.of(writer, counters, users)
                    : List.of(writer, counters, users, also));
            flowStats = new CaptureFlows(config, new FlowClassifier(sigs, sinks, associationIdleNanos,
                    config.maxFlows())).run(src, capture);
        }
        return new Classified(flowStats, counters, users);
    }

    private FileResult classifyFile(Input in, int index, Path outDir, FlowSink also) throws IOException {
        CaptureStats capture = new CaptureStats();
        String name = in.path.toString();
        PacketSource source;
        try {
            source = CaptureReader.open(List.of(in.path), capture);
        } catch (CaptureFormatException e) {
            if (!in.fromDirectory) {
                throw e;
            }
            capture.warn(e.getMessage() + " (skipped)");
            return new FileResult(name, capture, new FlowTableStats(), new AppCounters(sigs.apps().size()),
                    new UserSessions(), null, null, true);
        }
        Path flowsPart = outDir.resolve(".flows.part-" + index);
        Path tasksPart = outDir.resolve(".tasks.part-" + index);
        Classified c = classify(source, capture, flowsPart, tasksPart,
                (fo, to) -> new ClassificationWriter(fo, to, name, sigs.apps()), also);
        return new FileResult(name, capture, c.flows(), c.counters(), c.users(), flowsPart, tasksPart, false);
    }

    private ClassificationResult merge(List<FileResult> results, Path outDir) throws IOException {
        CaptureStats capture = new CaptureStats();
        AppCounters counters = new AppCounters(sigs.apps().size());
        UserSessions users = new UserSessions();
        List<String> names = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long flows = 0;
        for (FileResult r : results) {
            capture.add(r.capture);
            counters.add(r.counters);
            users.addAll(r.users);
            flows += r.flows.flows;
            warnings.addAll(r.flows.warnings());
            if (!r.skipped) {
                names.add(r.name);
            }
        }
        warnings.addAll(0, capture.warnings());
        concat(results.stream().map(FileResult::flowsPart).toList(), outDir.resolve("flows.jsonl"));
        concat(results.stream().map(FileResult::tasksPart).toList(), outDir.resolve("tasks.jsonl"));
        return writeRest(outDir, names, capture, counters, users, flows, warnings);
    }

    /** Writes {@code users.jsonl} and {@code summary.json} once the flow and task lines are in place. */
    private ClassificationResult writeRest(Path outDir, List<String> names, CaptureStats capture, AppCounters counters,
            UserSessions users, long flows, List<String> warnings) throws IOException {
        List<UserSessions.Session> sessions = users.sessions();
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(outDir.resolve("users.jsonl")), 1 << 16)) {
            ClassificationWriter.writeUsers(sessions, sigs.apps(), o);
        }
        ClassificationResult result = new ClassificationResult(names, sigs.apps(), capture, counters, flows,
                sessions.size(), warnings);
        try (OutputStream o = Files.newOutputStream(outDir.resolve("summary.json"))) {
            ClassificationWriter.writeSummary(result, o);
        }
        OUTPUTS.forEach(name -> AtomicOutput.untrack(outDir.resolve(name)));
        return result;
    }

    /** The files of a classification output directory; {@code summary.json}, written last, says it is complete. */
    private static final List<String> OUTPUTS = List.of("summary.json", "flows.jsonl", "tasks.jsonl", "users.jsonl");

    /**
     * An earlier run's outputs go first ({@code summary.json} before the rest), so that a run that fails or is
     * stopped does not leave a complete-looking result beside its own remains; until this run's summary is written,
     * a stopped JVM deletes whatever of them it wrote ({@link AtomicOutput#track}).
     */
    private static void startOutputs(Path outDir) throws IOException {
        for (String name : OUTPUTS) {
            Files.deleteIfExists(outDir.resolve(name));
            AtomicOutput.track(outDir.resolve(name));
        }
    }

    private static void concat(List<Path> parts, Path target) throws IOException {
        List<Path> present = parts.stream().filter(p -> p != null).toList();
        if (present.size() == 1) {
            Files.move(present.get(0), target, StandardCopyOption.REPLACE_EXISTING);
            AtomicOutput.untrack(present.get(0));
            return;
        }
        try (OutputStream o = Files.newOutputStream(target)) {
            for (Path p : present) {
                Files.copy(p, o);
                Files.delete(p);
                AtomicOutput.untrack(p);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
                AtomicOutput.untrack(p);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }


    /** Counts frames into a shared counter for the progress display, in batches to keep the hot path cheap. */
    private static final class CountingSource implements PacketSource {
        private final PacketSource in;
        private final AtomicLong counter;
        private int pendingCount;

        CountingSource(PacketSource in, AtomicLong counter) {
            this.in = in;
            this.counter = counter;
        }

        @Override
        public boolean next(PacketRecord into) throws IOException {
            boolean ok = in.next(into);
            if (++pendingCount == 4096 || !ok) {
                counter.addAndGet(pendingCount);
                pendingCount = 0;
            }
            return ok;
        }

        @Override
        public List<String> fileNames() {
            return in.fileNames();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
