package org.chatdissect.cli;

import java.util.List;

/** The registry of subcommands: one line per command, so adding a command touches one place. */
final class Subcommands {
    private Subcommands() {}

    static List<Object> all() {
        return List.of(
                new DemoCommand(),
                new FeedbackCommand(),
                new FlowsCommand(),
                new GenerateCommand(),
                new ClassifyCommand(),
                new ReportCommand(),
                new SegmentCommand(),
                new SignaturesCommand(),
                new TrainCommand());
    }
}
