package org.chatdissect.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.flow.FlowTableStats;
import org.chatdissect.core.io.AtomicOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chatdissect flows}: the flow table of captures as JSON lines, and a summary on stdout. */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "Reads captures and writes their flow table as JSON lines.")
final class FlowsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE_OR_DIR",
            description = "Capture file or directory (repeatable); directories contribute their files sorted by path.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON lines file.")
    Path out;

    @Mixin
    FlowTableOptions flowTable;

    @Override
    public Integer call() throws IOException {
        FlowTableConfig config = flowTable.config(spec.commandLine());
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
        }
        OutputGuard.file("--out", out, inputs);
        CaptureStats capture = new CaptureStats();
        FlowTableStats flows;
        try (AtomicOutput jsonl = AtomicOutput.to(out)) {
            try (PacketSource source = CaptureReader.open(inputs, capture);
                 OutputStream os = new BufferedOutputStream(jsonl.stream(), 1 << 16);
                 FlowJsonlWriter writer = new FlowJsonlWriter(os, source.fileNames())) {
                flows = new CaptureFlows(config, writer).run(source, capture);
            }
            jsonl.commit();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        for (String line : FlowSummary.lines(capture, flows)) {
            stdout.println(line);
        }
        stdout.flush();
        return ChatDissect.EXIT_OK;
    }
}
