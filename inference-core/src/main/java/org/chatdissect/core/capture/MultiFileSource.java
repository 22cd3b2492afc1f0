package org.chatdissect.core.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads files one after another; files found in a directory that are not captures are skipped. */
final class MultiFileSource implements PacketSource {
    private final List<Path> files;
    /** Whether each file came from a directory listing (then a non-capture is skipped, not fatal). */
    private final boolean[] fromDirectory;
    private final List<String> names;
    private final CaptureStats stats;
    private int nextFile;
    private FileSource current;
    private final java.nio.ByteBuffer window = ByteInput.newWindow();

    MultiFileSource(List<Path> files, boolean[] fromDirectory, CaptureStats stats) {
        this.files = files;
        this.fromDirectory = fromDirectory;
        this.stats = stats;
        List<String> n = new ArrayList<>(files.size());
        for (Path p : files) {
            n.add(p.toString());
        }
        this.names = Collections.unmodifiableList(n);
    }

    @Override
    public boolean next(PacketRecord into) throws IOException {
        while (true) {
            if (current == null) {
                if (nextFile >= files.size()) {
                    return false;
                }
                int i = nextFile++;
                try {
                    current = CaptureFiles.open(files.get(i), i, stats, window);
                } catch (CaptureFormatException e) {
                    if (!fromDirectory[i]) {
                        throw e;
                    }
                    stats.warn(e.getMessage() + " (skipped)");
                    continue;
                }
            }
            if (current.next(into)) {
                return true;
            }
            FileSource done = current;
            current = null;
            done.close();
        }
    }

    @Override
    public List<String> fileNames() {
        return names;
    }

    @Override
    public void close() throws IOException {
        nextFile = files.size();
        if (current != null) {
            FileSource c = current;
            current = null;
            c.close();
        }
    }
}
