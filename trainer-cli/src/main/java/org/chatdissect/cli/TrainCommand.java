package org.chatdissect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.HeaderFormat;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.core.train.TrainingResult;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.train.Training;
import org.chatdissect.store.validate.SignatureValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code chatdissect train}: clean traces of one application (+ manifest) to a signature file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Learns an application's signatures from clean captures (section III-A of the ChatDissect paper).")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--app", required = true, description = "application name recorded in the signatures (e.g. wechat)")
    String app;

    @Option(names = "--in", required = true, arity = "1..*", description = "captures or directories (pcap, pcapng, gzip)")
    List<Path> inputs;

    @Option(names = "--manifest", description = "CSV start,end,task,client[,service] naming the task run in each interval")
    Path manifest;

    @Mixin
    ParameterOptions parameters;

    @Option(names = "--server", description = "keep only flows whose server matches: address, CIDR, :port, address:port or host-name suffix")
    List<String> servers = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "print each format-learning round to standard error")
    boolean verbose;

    @Option(names = "--out", required = true, description = "signature file to write (JSON)")
    Path out;

    @Mixin
    FlowTableOptions flowTable;

    @Override
    public Integer call() throws Exception {
        // before anything is read: the validator refuses the signatures of such a name after the whole training
        if (!SignatureValidator.validApp(app)) {
            String lower = app.toLowerCase(java.util.Locale.ROOT);
            throw new CommandLine.ParameterException(spec.commandLine(), "--app '" + app + "' must be "
                    + SignatureValidator.APP_RULE + (SignatureValidator.validApp(lower) ? " (try --app " + lower + ")" : ""));
        }
        Parameters params = parameters.resolve();
        List<Path> read = parameters.inputs(inputs);
        read.add(manifest);
        OutputGuard.file("--out", out, read);
        ServerFilter filter;
        try {
            filter = ServerFilter.parse(servers);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ChatDissect.EXIT_USAGE);
        }
        PrintWriter err = spec.commandLine().getErr();
        Training.Outcome o = Training.run(app, inputs, manifest, params,
                flowTable.config(spec.commandLine()), filter,
                verbose ? line -> { err.println(line); err.flush(); } : line -> { }, "chatdissect " + VersionProvider.version());
        TrainingResult r = o.result();
        SignatureSet set = o.signatures();
        SignatureJson.write(set, out);
        printSummary(spec.commandLine().getOut(), r, set);
        return ChatDissect.EXIT_OK;
    }

    static String sha256(Path p) throws IOException {
        return Training.sha256(p);
    }

    private void printSummary(PrintWriter w, TrainingResult r, SignatureSet set) {
        TrainingResult.Stats s = r.stats();
        w.printf("packets read %d, decoded %d, undecoded %d%s%n", s.packetsRead(), s.packetsDecoded(),
                s.packetsRead() - s.packetsDecoded(), s.undecoded().isEmpty() ? "" : " " + new java.util.TreeMap<>(s.undecoded()));
        w.printf("flows %d (%d filtered out), header flows %d with %d payloads%n", s.flows(), s.flowsFilteredOut(),
                s.headerFlows(), s.headerPackets());
        for (HeaderFormat h : r.headerFormats()) {
            w.printf("%s/%s: %.1f%% of payloads, %d messages, %d opcodes%n", r.app(), h.name(), 100 * h.protocolShare(),
                    h.messages(), h.opcodes().size());
            for (InferredField f : h.fields()) {
                w.println("  " + f);
            }
        }
        w.printf("keywords %d; wrote %d signatures to %s%n", r.keywords().size(), set.signatures().size(), out);
        for (String warn : s.warnings()) {
            w.println("warning: " + warn);
        }
        w.flush();
    }
}
