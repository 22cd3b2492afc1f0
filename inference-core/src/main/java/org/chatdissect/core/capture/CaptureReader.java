package org.chatdissect.core.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Opens captures for the bulk path (no libpcap): pcap, pcapng, gzip, directories, lists of files. */
public final class CaptureReader {
    private CaptureReader() {}

    /**
     * Opens the inputs in order; a directory contributes its regular files, recursively, sorted by path.
     * Reader-level problems (a record cut short, a corrupt length) are counted in {@code stats}.
     *
     * <p>Files named explicitly are checked here (a non-capture fails now, with a one-line
     * {@link CaptureFormatException}); files found in directories are checked as they are reached and
     * skipped with a warning when they are not captures.
     */
    public static PacketSource open(List<Path> inputs, CaptureStats stats) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Boolean> fromDir = new ArrayList<>();
        java.nio.ByteBuffer sniffWindow = java.nio.ByteBuffer.allocate(1 << 16);
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                List<Path> found;
                try (Stream<Path> s = Files.walk(p)) {
                    found = s.filter(Files::isRegularFile).sorted().toList();
                }
                if (found.isEmpty()) {
                    stats.warn(p + ": directory holds no files");
                }
                for (Path f : found) {
                    files.add(f);
                    fromDir.add(true);
                }
            } else if (Files.isRegularFile(p)) {
                // Fail fast on a bad argument rather than after reading the files before it.
                CaptureFiles.open(p, files.size(), new CaptureStats(), sniffWindow).close();
                files.add(p);
                fromDir.add(false);
            } else if (Files.exists(p)) {
                throw new CaptureFormatException(p + ": not a regular file or directory");
            } else {
                throw new CaptureFormatException(p + ": no such file or directory");
            }
        }
        boolean[] dirFlags = new boolean[fromDir.size()];
        for (int i = 0; i < dirFlags.length; i++) {
            dirFlags[i] = fromDir.get(i);
        }
        return new MultiFileSource(files, dirFlags, stats);
    }
}
