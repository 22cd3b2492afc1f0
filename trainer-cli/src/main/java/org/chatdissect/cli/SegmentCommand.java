package org.chatdissect.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.io.AtomicOutput;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segreport.MessageSegments;
import org.chatdissect.core.segreport.ReportFlow;
import org.chatdissect.core.segreport.SegmentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ParameterOptions parameters;

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
        OutputGuard.file("--out", out, parameters.inputs(inputs));
        SegmentReport.Run run = SegmentReport.run(inputs, params, allFlows, FlowTableConfig.defaults());
        List<ReportFlow> flows = run.flows();
        List<MessageSegments> report = run.messages();
        try (AtomicOutput jsonl = AtomicOutput.to(out)) {
            try (OutputStream os = new BufferedOutputStream(jsonl.stream(), 1 << 16)) {
                SegmentJsonl.write(report, os);
            }
            jsonl.commit();
        }
        long framed = flows.stream().mapToLong(f -> f.framed().size()).sum();
        long frames = report.stream().filter(m -> m.framing() != null).count();
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d flows, %d messages%s; wrote %s%n", flows.size(), report.size(),
                framed == 0 ? "" : " (" + frames + " frames of " + framed + " length-prefix framed TCP directions)", out);
        // how the captures were read, as flows prints it: truncated or corrupt records are counted and warned about
        for (String line : FlowSummary.lines(run.capture(), run.table())) {
            stdout.println(line);
        }
        stdout.flush();
        return ChatDissect.EXIT_OK;
    }

    /** Preset, then the parameters file (its non-default values), then --set, then --scope. */
    private Parameters parameters() throws IOException {
        Parameters base = parameters.resolve();
        if (scope == null) {
            return base;
        }
        try {
            return base.with("segment.scope", scope.equalsIgnoreCase("all") ? "ALL" : scope);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ChatDissect.EXIT_USAGE);
        }
    }
}
