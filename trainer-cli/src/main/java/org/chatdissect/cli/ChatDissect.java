package org.chatdissect.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chatdissect} command. Exit codes: 0 success, 1 bad input (unreadable capture, malformed
 * signature file...), 2 bad usage (unknown flag, missing option).
 */
@Command(
        name = "chatdissect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Learns wire formats and task semantics of chat protocols from captures, and classifies traces.")
public final class ChatDissect implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_INPUT = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; separated from {@link #main} so tests can capture output and exit codes. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Object named = Subcommands.named(args);
        CommandLine cl = named == null ? commandLine() : commandLine(List.of(named), false);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The command with all its subcommands and {@code help}. */
    public static CommandLine commandLine() {
        return commandLine(Subcommands.all(), true);
    }

    /**
     * The command with only the given subcommands: picocli builds each command's model by reflection at start
     * (~10 ms or more apiece, a classify run lasts about a second), so a command line naming a subcommand gets that
     * one alone (see {@link Subcommands#named}).
     */
    private static CommandLine commandLine(List<Object> subcommands, boolean help) {
        CommandLine cl = new CommandLine(new ChatDissect());
        if (help) {
            cl.addSubcommand(new CommandLine.HelpCommand());
        }
        for (Object sub : subcommands) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        // a usage error is one line naming the command and where its help is, not the whole usage text
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine where = ex.getCommandLine();
            String name = where.getCommandSpec().qualifiedName();
            where.getErr().println(name + ": " + UserErrorHandler.oneLine(ex.getMessage()) + " (see " + name
                    + " --help)");
            where.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_BAD_INPUT);
        return cl;
    }
}
