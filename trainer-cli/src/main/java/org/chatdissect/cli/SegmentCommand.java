package org.chatdissect.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segreport.MessageSegments;
import org.chatdissect.core.segreport.ReportCollector;
import org.chatdissect.core.segreport.ReportFlow;
import org.chatdissect.core.segreport.SegmentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chatdissect segment}: the segmentation and field types the trainer sees, one JSON line per message. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segments every message of TCP/UDP flows into fields (iterative Voting Experts, section III-A2) "
                + "and types the fields of protocol groups (III-A3); writes one JSON object per message.")
final class SegmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, arity = "1..*", description = "captures or directories (pcap, pcapng, gzip)")
    List<Path> inputs;

    @Option(names = "--scope", description = "leading payload bytes to segment: a number or 'all' (default: segment.scope, 16)")
    String scope;

    @Option(names = "--params", description = "parameters file (key=value lines; see docs/cli.md)")
    Path paramsFile;

    @Option(names = "--set", description = "override one parameter, e.g. --set ve.window=8", paramLabel = "KEY=VALUE")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--preset", defaultValue = "paper",
            description = "paper (the paper's method, default) or improved (segment.refine=field_types); --params/--set/--scope apply on top")
    String preset;

    @Option(names = "--all-flows", description = "also segment DNS, HTTP and TLS flows (by default only the flows the trainer segments)")
    boolean allFlows;

    @Option(names = "--out", required = true, description = "JSON lines file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        Parameters params = parameters();
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
        }
        List<ReportFlow> flows = ReportCollector.read(inputs, params.segmentScope(), allFlows, FlowTableConfig.defaults());
        List<MessageSegments> report = new SegmentReport(params).build(flows);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            SegmentJsonl.write(report, os);
        }
        spec.commandLine().getOut().printf("%d flows, %d messages; wrote %s%n", flows.size(), report.size(), out);
        spec.commandLine().getOut().flush();
        return ChatDissect.EXIT_OK;
    }

    /** Preset, then the parameters file (its non-default values), then --set, then --scope. */
    private Parameters parameters() throws IOException {
        Parameters base = switch (preset) {
            case "paper" -> Parameters.defaults();
            case "improved" -> Parameters.improved();
            default -> throw new UserException("unknown --preset '" + preset + "' (paper or improved)", ChatDissect.EXIT_USAGE);
        };
        try {
            if (paramsFile != null) {
                Parameters loaded = Parameters.load(paramsFile, Map.of());
                for (var e : loaded.toMap().entrySet()) {
                    if (!e.getValue().equals(Parameters.defaults().toMap().get(e.getKey()))) {
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
            if (scope != null) {
                base = base.with("segment.scope", scope.equalsIgnoreCase("all") ? "ALL" : scope);
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ChatDissect.EXIT_USAGE);
        }
        return base;
    }
}
