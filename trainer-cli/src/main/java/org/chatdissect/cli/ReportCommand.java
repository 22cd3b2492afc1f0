package org.chatdissect.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.chatdissect.match.report.Report;
import org.chatdissect.match.report.ReportInput;
import org.chatdissect.match.report.ReportInputException;
import org.chatdissect.match.report.ReportReader;
import org.chatdissect.match.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chatdissect report}: Tables III-V and Fig. 6-7 of the paper from a classifier output directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes one self-contained HTML report (tables and CDF plots) and the same data as CSV beside it.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "DIR",
            description = "Classifier output directory (flows.jsonl, tasks.jsonl, users.jsonl, summary.json).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "REPORT.html",
            description = "HTML file to write; REPORT-table3.csv ... REPORT-fig7.csv go beside it.")
    Path out;

    @Option(names = "--app", defaultValue = "wechat", paramLabel = "APP",
            description = "Application the tables and figures are about (default: ${DEFAULT-VALUE}).")
    String app;

    @Override
    public Integer call() {
        // charts are drawn off-screen; without this a DISPLAY variable could make AWT try to open one
        System.setProperty("java.awt.headless", "true");
        OutputGuard.file("--out", out, List.of(in));
        ReportInput input;
        try {
            input = ReportReader.read(in);
        } catch (ReportInputException e) {
            throw new UserException(e.getMessage());
        }
        List<Path> written = ReportWriter.write(Report.of(input, app), out);
        spec.commandLine().getOut().println("wrote " + written.get(0) + " and " + (written.size() - 1) + " CSV files");
        spec.commandLine().getOut().flush();
        return ChatDissect.EXIT_OK;
    }
}
