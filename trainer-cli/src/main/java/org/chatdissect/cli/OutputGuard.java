package org.chatdissect.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * An output never overwrites an input. Each command calls this before it opens anything for writing, so a
 * refused run leaves every file as it was.
 *
 * <p>Paths are compared after resolving symbolic links (the part of a path that exists), so {@code ./a.pcap},
 * {@code a.pcap} and a link to it are one file. Directories given as inputs are read recursively, so an output
 * inside one would be read back by the next run, and an existing one would be overwritten now: both refused, the
 * same way on the first run as on the second.
 */
final class OutputGuard {
    private OutputGuard() {
    }

    /** Refuses an output file that is one of the inputs, or lies inside an input directory. */
    static void file(String option, Path out, Collection<Path> inputs) {
        check(option, out, inputs, false);
    }

    /**
     * Refuses an output directory that overlaps an input: one that is an input, lies inside an input directory,
     * or holds an input (the command writes files of its own naming there).
     */
    static void directory(String option, Path outDir, Collection<Path> inputs) {
        check(option, outDir, inputs, true);
    }

    private static void check(String option, Path out, Collection<Path> inputs, boolean directory) {
        Path o = resolved(out);
        for (Path in : inputs) {
            if (in == null || !Files.exists(in)) {
                continue;
            }
            Path i = resolved(in);
            if (o.equals(i) || sameFile(out, in)) {
                refuse(option + " " + out + " is an input");
            }
            if (Files.isDirectory(in) && o.startsWith(i)) {
                refuse(option + " " + out + " lies inside the input directory " + in);
            }
            if (directory && i.startsWith(o)) {
                refuse(option + " " + out + " holds the input " + in);
            }
        }
    }

    /** Two names of one file (a hard link) are caught too. */
    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isRegularFile(a) && Files.isRegularFile(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void refuse(String what) {
        throw new UserException(what + ": an output never overwrites an input; write it elsewhere",
                ChatDissect.EXIT_USAGE);
    }

    /** The absolute path with links resolved in its longest existing prefix; the rest appended as written. */
    static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
