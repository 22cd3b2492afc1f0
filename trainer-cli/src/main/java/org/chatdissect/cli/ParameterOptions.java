package org.chatdissect.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatdissect.core.params.Parameters;
import picocli.CommandLine.Option;

/**
 * The inference parameters of a command ({@code train}, {@code segment}): a preset, then the non-default values of
 * a parameters file, then {@code --set} overrides. Bad keys or values are usage errors with one line.
 */
final class ParameterOptions {
    @Option(names = "--preset", defaultValue = "paper",
            description = "paper (the paper's method, default) or improved (segment.refine=field_types, opcode.max_entropy=0.8, opcode.reject_flow_ids=true, length.exact_share=0.99; see docs/cli.md); --params/--set apply on top")
    String preset;

    @Option(names = "--params", description = "parameters file (key=value lines; see docs/cli.md)")
    Path paramsFile;

    @Option(names = "--set", description = "override one parameter, e.g. --set ve.window=8", paramLabel = "KEY=VALUE")
    List<String> overrides = new ArrayList<>();

    Parameters resolve() throws IOException {
        Parameters base = preset(preset);
        try {
            if (paramsFile != null) {
                Parameters loaded = Parameters.load(paramsFile, Map.of());
                Map<String, String> defaults = Parameters.defaults().toMap();
                for (var e : loaded.toMap().entrySet()) {
                    if (!e.getValue().equals(defaults.get(e.getKey()))) {
                        base = base.with(e.getKey(), e.getValue());
                    }
                }
            }
            for (String o : overrides) {
                int eq = o.indexOf('=');
                if (eq <= 0) {
                    throw new UserException("--set expects KEY=VALUE, got '" + o + "'", ChatDissect.EXIT_USAGE);
                }
                base = base.with(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ChatDissect.EXIT_USAGE);
        }
        return base;
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
