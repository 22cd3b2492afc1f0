package org.chatdissect.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.params.Parameters;
import picocli.CommandLine.Option;

/**
 * The inference parameters of a command ({@code train}, {@code segment}): a preset, then every value of a
 * parameters file, then {@code --set} overrides. Bad keys or values are usage errors with one line.
 */
final class ParameterOptions {
    @Option(names = "--preset", defaultValue = "improved",
            description = "improved (default: the best measured on data not tuned on, docs/benchmarks.md; segment.refine=field_types, opcode.max_entropy=0.8, opcode.reject_flow_ids=true, opcode.prefer_varying=true, length.exact_share=0.99) or paper (Table II, to reproduce the paper); --params/--set apply on top")
    String preset;

    @Option(names = "--params", description = "parameters file (key=value lines; see docs/cli.md)")
    Path paramsFile;

    @Option(names = "--set", description = "override one parameter, e.g. --set ve.window=8", paramLabel = "KEY=VALUE")
    List<String> overrides = new ArrayList<>();

    /** The preset, then every line of the parameters file, then --set, in that order: a later one wins. */
    Parameters resolve() throws IOException {
        Parameters base = preset(preset);
        try {
            if (paramsFile != null) {
                base = base.withFile(paramsFile);
            }
            return base.withAssignments(overrides);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ChatDissect.EXIT_USAGE);
        }
    }

    /** The inputs of a command plus its parameters file, for {@link OutputGuard}. */
    List<Path> inputs(List<Path> others) {
        List<Path> all = new ArrayList<>(others);
        if (paramsFile != null) {
            all.add(paramsFile);
        }
        return all;
    }

    /** The named preset: {@code paper} or {@code improved}. */
    static Parameters preset(String name) {
        return switch (name) {
            case "paper" -> Parameters.defaults();
            case "improved" -> Parameters.improved();
            default -> throw new UserException("unknown --preset '" + name + "' (paper or improved)", ChatDissect.EXIT_USAGE);
        };
    }
}
