package org.chatdissect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.feedback.Addition;
import org.chatdissect.match.feedback.FeedbackLoop;
import org.chatdissect.match.feedback.FeedbackOptions;
import org.chatdissect.match.feedback.FeedbackResult;
import org.chatdissect.match.feedback.RoundResult;
import org.chatdissect.model.CaptureRef;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.diff.SignatureMerge;
import org.chatdissect.store.json.SignatureJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code chatdissect feedback}: new signature candidates from the flows classification left unknown (III-B). */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = {"Classifies captures, trains on the unclassified flows to servers of classified applications, "
                + "names opcodes the signatures do not list, and writes the input signatures plus the new candidates "
                + "(status unreviewed; accept or reject them with 'signatures review').",
                "Repeats until a round adds nothing or --rounds is reached."})
final class FeedbackCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--signatures", required = true, arity = "1..*", paramLabel = "SIG.json",
            description = "signature files (merged; earlier files win conflicts)")
    List<Path> signatureFiles;

    @Option(names = "--in", required = true, arity = "1..*", paramLabel = "PATH",
            description = "captures or directories to feed back (files sorted by path)")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "NEW.json", description = "signature file to write")
    Path out;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
            description = "rounds at most, 1..5; stops earlier when a round adds nothing (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--preset", defaultValue = "improved",
            description = "trainer parameters for the feedback flows: paper or improved (default ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--threads", defaultValue = "1", description = "files classified in parallel (default 1)")
    int threads;

    @Option(names = "--work", paramLabel = "DIR",
            description = "keep each round's classification output in DIR/round-N (default: a temporary directory, removed)")
    Path work;

    @Option(names = "--version-tolerance", defaultValue = "0", paramLabel = "BYTES",
            description = "classify as classify --version-tolerance does, and propose the constant values seen instead of"
                    + " the learnt ones (a new client version) as reviewable additions (default ${DEFAULT-VALUE})")
    int versionTolerance;

    @Mixin
    FlowTableOptions flowTable;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > FeedbackOptions.MAX_ROUNDS || threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be 1.." + FeedbackOptions.MAX_ROUNDS
                    + "; --threads must be positive");
        }
        if (versionTolerance < 0 || versionTolerance > 8) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--version-tolerance must be 0 to 8 bytes");
        }
        List<Path> read = new ArrayList<>(inputs);
        read.addAll(signatureFiles);
        OutputGuard.file("--out", out, read);
        if (work != null) {
            OutputGuard.directory("--work", work, read);
        }
        FlowTableConfig flowConfig = flowTable.config(spec.commandLine());
        Parameters params = ParameterOptions.preset(preset);
        SignatureSet input = readSignatures(signatureFiles);
        List<Path> files = Classifier.expand(inputs);
        List<CaptureRef> refs = new ArrayList<>();
        for (Path f : files) {
            refs.add(new CaptureRef(f.getFileName().toString(), TrainCommand.sha256(f), 0));
        }
        FeedbackOptions options = new FeedbackOptions(params, flowConfig, threads, rounds, refs, "chatdissect " + VersionProvider.version(),
                versionTolerance);
        PrintWriter w = spec.commandLine().getOut();
        Path dir = work != null ? work : Files.createTempDirectory("chatdissect-feedback");
        FeedbackResult r;
        try {
            r = new FeedbackLoop(options).run(input, files, dir, round -> print(w, round));
        } finally {
            if (work == null) {
                deleteTree(dir);
            }
        }
        SignatureJson.write(r.signatures(), out);
        long added = r.rounds().stream().mapToLong(x -> x.additions().size()).sum();
        w.printf(Locale.ROOT, "%d additions in %d round%s (%s); wrote %d signatures to %s%n", added, r.rounds().size(),
                r.rounds().size() == 1 ? "" : "s", r.converged() ? "nothing more to add" : "round limit reached",
                r.signatures().signatures().size(), out);
        w.flush();
        return ChatDissect.EXIT_OK;
    }

    static SignatureSet readSignatures(List<Path> files) {
        SignatureSet set = null;
        String first = null;
        for (Path p : files) {
            SignatureSet s;
            try {
                s = SignatureJson.read(p);
            } catch (SignatureFileException e) {
                throw new UserException(e.getMessage());
            }
            if (set == null) {
                set = s;
                first = p.toString();
            } else {
                set = SignatureMerge.merge(set, s, first, p.toString()).merged();
            }
        }
        return set;
    }

    static void print(PrintWriter w, RoundResult r) {
        w.printf(Locale.ROOT, "round %d: %d of %d flows classified; %d unclassified flows to %d single-app server endpoints; %d additions%n",
                r.round(), r.classified(), r.flows(), r.feedbackFlows(), r.endpoints(), r.additions().size());
        for (Addition a : r.additions()) {
            w.println("  " + a.line());
        }
        w.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
