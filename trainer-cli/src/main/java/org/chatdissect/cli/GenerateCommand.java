package org.chatdissect.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.chatdissect.core.io.AtomicOutput;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chatdissect generate}: writes a simulated capture with its ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a simulated capture (capture.pcap) with ground truth (truth-*.jsonl, manifest.csv).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, description = "controlled or operator")
    String scenario;

    @Option(names = "--app", defaultValue = "wechat", description = "wechat, qq, qqvideo, skype, meeting or all (operator mixes all)")
    String app;

    @Option(names = "--seed", defaultValue = "1", description = "same seed, same bytes")
    long seed;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--size", defaultValue = "64m", description = "operator: stop at this capture size (k/m/g suffixes)")
    String size;

    @Option(names = "--exclude-tasks", split = ",", description = "controlled: user tasks to leave out, comma-separated")
    String[] exclude;

    @Override
    public Integer call() {
        Scenario sc = switch (scenario.toLowerCase(Locale.ROOT)) {
            case "controlled" -> Scenario.CONTROLLED;
            case "operator" -> Scenario.OPERATOR;
            default -> throw new UserException("--scenario must be controlled or operator, not '" + scenario + "'", ChatDissect.EXIT_USAGE);
        };
        App a;
        long bytes;
        try {
            a = App.parse(app);
            bytes = Generate.parseSize(size);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ChatDissect.EXIT_USAGE);
        }
        if (sc == Scenario.CONTROLLED && a == App.ALL) {
            throw new UserException("--scenario controlled needs one --app, not all", ChatDissect.EXIT_USAGE);
        }
        Set<String> ex = exclude == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(exclude));
        GeneratedCapture g;
        // written into a hidden staging directory and moved into place when whole: an interrupted run leaves no
        // capture cut short under the final name, nor truth files of another run beside it
        Path stage = out.toAbsolutePath().resolve(".generate.part");
        try {
            Files.createDirectories(out);
            AtomicOutput.deleteTree(stage);
            AtomicOutput.track(stage);
            g = Generate.run(sc, a, seed, stage, sc == Scenario.OPERATOR ? bytes : 0, ex);
            AtomicOutput.publish(stage, out.toAbsolutePath());
        } catch (UnsupportedOperationException e) {
            throw new UserException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ChatDissect.EXIT_USAGE);
        } catch (java.io.IOException e) {
            throw new UserException(out + ": cannot write: " + e.getMessage());
        } finally {
            try {
                AtomicOutput.deleteTree(stage);
            } catch (java.io.IOException e) {
                // what cannot be deleted stays under its hidden name
            }
            AtomicOutput.untrack(stage);
        }
        spec.commandLine().getOut().printf("%s: %d frames, %d bytes%n", out.resolve(g.pcap().getFileName()), g.frames(),
                g.bytes());
        return ChatDissect.EXIT_OK;
    }
}
