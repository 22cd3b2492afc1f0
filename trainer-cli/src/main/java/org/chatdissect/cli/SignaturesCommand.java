package org.chatdissect.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.chatdissect.core.io.AtomicOutput;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.diff.SignatureDiff;
import org.chatdissect.store.diff.SignatureMerge;
import org.chatdissect.store.export.ExportFormat;
import org.chatdissect.store.export.ExportOptions;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.text.SignatureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code chatdissect signatures}: show, validate, diff, merge, review and export signature files
 * (docs/signature-format.md). Exit codes: 0 success, 1 bad file (or conflicts with --strict), 2 bad usage.
 */
@Command(name = "signatures", mixinStandardHelpOptions = true,
        description = "Shows, checks, compares, merges, reviews and exports signature files.",
        subcommands = {
            SignaturesCommand.Show.class, SignaturesCommand.Validate.class, SignaturesCommand.Diff.class,
            SignaturesCommand.Merge.class, SignaturesCommand.Review.class, SignaturesCommand.Export.class})
final class SignaturesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: show, validate, diff, merge, review or export");
    }

    static SignatureSet load(Path p) throws IOException {
        return SignatureJson.read(p);
    }

    /** The union of the files in order (an earlier file wins a conflict), with every conflict. */
    static SignatureMerge.Result mergeAll(List<Path> files) throws IOException {
        SignatureSet merged = load(files.get(0));
        List<String> conflicts = new java.util.ArrayList<>();
        String name = files.get(0).toString();
        for (Path next : files.subList(1, files.size())) {
            SignatureMerge.Result r = SignatureMerge.merge(merged, load(next), name, next.toString());
            merged = r.merged();
            conflicts.addAll(r.conflicts());
            name = name + " + " + next;
        }
        return new SignatureMerge.Result(merged, conflicts);
    }

    static void save(SignatureSet set, Path p) throws IOException {
        try {
            SignatureJson.write(set, p);
        } catch (IOException e) {
            throw new UserException(p + ": cannot write: " + e.getMessage());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints each signature: byte map, field values, opcode table, keywords, servers.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SIG.json")
        Path file;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            out.print(SignatureTable.render(load(file)));
            out.flush();
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks a signature file; prints every problem, one a line, and exits 1 if there is any.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SIG.json")
        Path file;

        @Override
        public Integer call() throws IOException {
            try {
                SignatureSet set = load(file);
                spec.commandLine().getOut().println(file + ": ok, " + set.signatures().size() + " signatures");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (org.chatdissect.store.SignatureFileException e) {
                PrintWriter err = spec.commandLine().getErr();
                for (String p : e.problems()) {
                    err.println(file + ": " + p);
                }
                err.flush();
                return ChatDissect.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Lists added (+), removed (-) and changed (~) signatures, fields, opcodes, keywords and"
                    + " servers; prints nothing for identical sets.")
    static final class Diff implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A.json")
        Path a;

        @Parameters(index = "1", paramLabel = "B.json")
        Path b;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            SignatureDiff.diff(load(a), load(b)).forEach(out::println);
            out.flush();
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Writes the union of signature files. On a conflict the earlier file wins; each conflict"
                    + " is reported on standard error, one a line.")
    static final class Merge implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "2..*", paramLabel = "SIG.json")
        List<Path> files;

        @Option(names = "--out", required = true, paramLabel = "C.json", description = "The merged file.")
        Path out;

        @Option(names = "--strict", description = "Exit 1 without writing when there are conflicts.")
        boolean strict;

        @Override
        public Integer call() throws IOException {
            OutputGuard.file("--out", out, files);
            SignatureMerge.Result r = mergeAll(files);
            PrintWriter err = spec.commandLine().getErr();
            r.conflicts().forEach(err::println);
            err.flush();
            if (strict && !r.conflicts().isEmpty()) {
                err.println("chatdissect signatures merge: " + r.conflicts().size() + " conflict"
                        + (r.conflicts().size() == 1 ? "" : "s") + " with --strict; " + out + " not written");
                err.flush();
                return ChatDissect.EXIT_BAD_INPUT;
            }
            save(r.merged(), out);
            return 0;
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true,
            description = {"Accepts (status reviewed) or rejects (removes) unreviewed candidates.",
                "IDs are app/name as 'show' prints them. Without flags: asks y/n/q for each candidate when standard"
                        + " input is a terminal, else lists the candidates."})
    static final class Review implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SIG.json")
        Path file;

        @Option(names = "--accept", arity = "1..*", paramLabel = "ID", description = "Candidates to accept.")
        List<String> accept = new ArrayList<>();

        @Option(names = "--reject", arity = "1..*", paramLabel = "ID", description = "Candidates to remove.")
        List<String> reject = new ArrayList<>();

        @Option(names = "--accept-all", description = "Accept every unreviewed candidate.")
        boolean acceptAll;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the result (default: SIG.json"
                + " itself).")
        Path out;

        /** Tests set this to force or prevent the interactive mode. */
        static Boolean interactiveOverride;
        /** Tests set this to feed answers to the interactive mode. */
        static java.io.Reader answers;

        @Override
        public Integer call() throws IOException {
            SignatureSet set = load(file);
            CommandLine cl = spec.commandLine();
            PrintWriter o = cl.getOut();
            List<Signature> candidates = set.signatures().stream().filter(s -> s.status() == Status.UNREVIEWED)
                    .toList();
            Set<String> acc = new LinkedHashSet<>(resolve(set, accept, cl));
            Set<String> rej = new LinkedHashSet<>(resolve(set, reject, cl));
            for (String id : acc) {
                if (rej.contains(id)) {
                    throw new CommandLine.ParameterException(cl, id + " is both accepted and rejected");
                }
            }
            if (acceptAll) {
                if (!rej.isEmpty() || !acc.isEmpty()) {
                    throw new CommandLine.ParameterException(cl, "--accept-all goes alone");
                }
                candidates.forEach(c -> acc.add(c.id()));
            }
            if (acc.isEmpty() && rej.isEmpty() && !acceptAll) {
                boolean interactive = interactiveOverride != null ? interactiveOverride : System.console() != null;
                if (!interactive) {
                    if (candidates.isEmpty()) {
                        o.println(file + ": no unreviewed candidates");
                    }
                    for (Signature c : candidates) {
                        o.println(c.id() + "  " + c.flowType() + "  unreviewed");
                    }
                    o.flush();
                    return 0;
                }
                BufferedReader in = new BufferedReader(answers != null ? answers
                        : new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (Signature c : candidates) {
                    StringBuilder sb = new StringBuilder();
                    SignatureTable.render(c, sb);
                    o.print(sb);
                    o.print("accept " + c.id() + "? [y]es, [n]o (remove), [s]kip, [q]uit: ");
                    o.flush();
                    String line = in.readLine();
                    String ans = line == null ? "q" : line.trim().toLowerCase(java.util.Locale.ROOT);
                    if (ans.startsWith("q")) {
                        break;
                    } else if (ans.startsWith("y")) {
                        acc.add(c.id());
                    } else if (ans.startsWith("n")) {
                        rej.add(c.id());
                    }
                }
            }
            List<Signature> result = new ArrayList<>();
            for (Signature s : set.signatures()) {
                if (rej.contains(s.id())) {
                    continue;
                }
                result.add(acc.contains(s.id()) ? s.withStatus(Status.REVIEWED) : s);
            }
            Path target = out != null ? out : file;
            save(new SignatureSet(set.version(), result), target);
            o.println(target + ": accepted " + acc.size() + ", rejected " + rej.size() + ", "
                    + (candidates.size() - acc.size() - rej.size()) + " still unreviewed");
            o.flush();
            return 0;
        }

        private static List<String> resolve(SignatureSet set, List<String> ids, CommandLine cl) {
            List<String> out = new ArrayList<>();
            for (String id : ids) {
                Signature s = set.find(id).orElse(null);
                if (s == null) {
                    List<Signature> byName = set.signatures().stream().filter(x -> x.name().equals(id)).toList();
                    if (byName.size() == 1) {
                        s = byName.get(0);
                    }
                }
                if (s == null) {
                    throw new CommandLine.ParameterException(cl, "no signature " + id + " (IDs are app/name)");
                }
                if (s.status() != Status.UNREVIEWED) {
                    throw new CommandLine.ParameterException(cl, s.id() + " is already reviewed");
                }
                out.add(s.id());
            }
            return out;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Exports the reviewed signatures for another tool: wireshark-lua, bpf, ndpi, suricata or"
                    + " csv.")
    static final class Export implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "SIG.json",
                description = "Signature files, exported as one (their union, as merge makes it).")
        List<Path> files;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "wireshark-lua, bpf, ndpi, suricata or csv.")
        String format;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write ('-' for"
                + " standard output).")
        String out;

        @Option(names = "--include-unreviewed", description = "Export unreviewed candidates too.")
        boolean includeUnreviewed;

        @Option(names = "--sid-base", paramLabel = "N", description = "First Suricata sid, rules numbered up from it "
                + "(default: each rule's sid from its own text, the same across exports)")
        long sidBase = ExportOptions.DEFAULT_SID_BASE;

        @Override
        public Integer call() throws IOException {
            CommandLine cl = spec.commandLine();
            ExportFormat f = ExportFormat.fromCli(format);
            if (f == null) {
                throw new CommandLine.ParameterException(cl, "unknown format '" + format
                        + "' (expected wireshark-lua, bpf, ndpi, suricata or csv)");
            }
            if (sidBase < 0 || sidBase > 2_000_000_000L) {
                throw new CommandLine.ParameterException(cl, "--sid-base must be between 1 and 2000000000 (0: sids from the rules)");
            }
            if (!out.equals("-")) {
                OutputGuard.file("--out", Path.of(out), files);
            }
            ExportOptions opts = new ExportOptions(sidBase, includeUnreviewed);
            SignatureMerge.Result all = mergeAll(files);
            all.conflicts().forEach(cl.getErr()::println);
            cl.getErr().flush();
            String text = f.exporter(opts).export(opts.select(all.merged()));
            if (out.equals("-")) {
                cl.getOut().print(text);
                cl.getOut().flush();
            } else {
                try {
                    AtomicOutput.write(Path.of(out), text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UserException(out + ": cannot write: " + e.getMessage());
                }
            }
            return 0;
        }
    }
}
