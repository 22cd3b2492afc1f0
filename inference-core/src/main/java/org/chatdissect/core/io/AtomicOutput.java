package org.chatdissect.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output file written whole or not at all: the bytes go to a hidden temporary beside the final name
 * ({@code .NAME.part}), which {@link #commit} renames over the final name (atomically where the file system can) and
 * {@link #close} without a commit deletes. A reader never sees half an output, and a failed run leaves its earlier
 * output as it was.
 *
 * <p>A run the JVM is asked to stop (SIGINT, SIGTERM) runs no {@code finally} block, so every temporary not yet
 * committed, and every file a caller {@link #track}s (a directory's part files), is deleted by a shutdown hook, which
 * then says so in one line on standard error; the exit status is the JVM's (130, 143). Commits refused once stopping.
 */
public final class AtomicOutput implements Closeable {
    private static final Set<Path> UNFINISHED = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicOutput::stop, "chatdissect-unfinished-outputs"));
    }

    private final Path target;
    private final Path temp;
    private boolean committed;

    private AtomicOutput(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        this.temp = this.target.resolveSibling("." + this.target.getFileName() + ".part");
        // said of the output, not of its hidden temporary
        Path dir = this.target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException(target + ": cannot write: no directory " + dir);
        }
        if (Files.isDirectory(this.target)) {
            throw new IOException(target + ": cannot write: it is a directory");
        }
        if (dir != null && !Files.isWritable(dir)) {
            throw new IOException(target + ": cannot write: directory " + dir + " is not writable");
        }
        Files.deleteIfExists(temp);
        UNFINISHED.add(temp);
    }

    /** Starts writing {@code target}; nothing is created under its name before {@link #commit}. */
    public static AtomicOutput to(Path target) throws IOException {
        return new AtomicOutput(target);
    }

    /** Writes {@code bytes} to {@code target} whole or not at all. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try (AtomicOutput o = to(target); OutputStream out = o.stream()) {
            out.write(bytes);
            out.close();
            o.commit();
        }
    }

    /** The temporary to write. */
    public Path path() {
        return temp;
    }

    /** A new stream over the temporary (the caller closes it before {@link #commit}). */
    public OutputStream stream() throws IOException {
        try {
            return Files.newOutputStream(temp);
        } catch (IOException e) {
            throw new IOException(target + ": cannot write (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Renames the temporary over the final name. */
    public void commit() throws IOException {
        if (stopping) {
            throw new IOException(target + ": not written, the run was stopped");
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        UNFINISHED.remove(temp);
    }

    /** Deletes the temporary unless committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temp);
            UNFINISHED.remove(temp);
        }
    }

    /**
     * A file or a staging directory written by other means that a stopped run must not leave behind (deleted, a
     * directory with its content, at stop unless untracked).
     */
    public static void track(Path file) {
        UNFINISHED.add(file.toAbsolutePath());
    }

    /** The tracked file is finished (renamed or deleted by its writer). */
    public static void untrack(Path file) {
        UNFINISHED.remove(file.toAbsolutePath());
    }

    private static void stop() {
        stopping = true;
        boolean any = false;
        for (Path p : UNFINISHED) {
            try {
                if (Files.isDirectory(p)) {
                    deleteTree(p);
                    any = true;
                } else {
                    any |= Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // the hook must not fail: what it cannot delete stays, named by its hidden .part name
            }
        }
        if (any) {
            System.err.println("chatdissect: stopped; unfinished outputs removed");
            System.err.flush();
        }
    }

    /** Deletes a directory and everything below it (a staging directory). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * Moves every file of a finished staging directory to {@code dir} under its own name (each rename atomic where
     * the file system can, replacing an earlier run's file), then removes the staging directory.
     */
    public static void publish(Path staging, Path dir) throws IOException {
        if (stopping) {
            throw new IOException(dir + ": not written: the run is stopping");
        }
        try (var files = Files.list(staging)) {
            for (Path f : files.sorted().toList()) {
                Path target = dir.resolve(f.getFileName().toString());
                try {
                    Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        deleteTree(staging);
        untrack(staging);
    }
}
