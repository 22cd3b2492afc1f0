package org.chatdissect.match.classify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.FlowJson;

/**
 * The files of one reader as consecutive pieces of one capture ({@code classify --one-capture}): every record
 * leaves with file index 0 and its frame number counted through all files, as in the uncut capture, so the flow
 * table (which ends its flows when the file index changes) and the classifier's association table run across the
 * edges. {@link #pieceOf} maps such a frame number back to the file it was read from and {@link #offset} to the
 * frame within that file.
 *
 * <p>A file's offset is the number of frames read before it: the reader counts every record it reads, handed out
 * or not (cut short, corrupt, unknown interface), in {@link CaptureStats#packetsRead}, so on a file's first handed-out
 * record {@code packetsRead - frameNumber} is that number. The stats must be the reader's and nothing else may
 * count into them.
 *
 * <p>Timestamps going backwards across an edge (a file's first packet older than the newest packet of the files
 * before it: pieces given out of order, e.g. tcpdump -C's {@code f9, f10} sorted by name as {@code f10, f9}) are
 * reported as one warning per edge; the flow table then treats them as within a file (its clock never goes back).
 */
final class OneCaptureSource implements PacketSource {
    private final PacketSource in;
    private final CaptureStats stats;
    /** Per file index of the reader: frames before it (-1 until its first record). */
    private final long[] offsets;
    /** File indices in reading order and their offsets, for the look-up of a frame. */
    private final List<Integer> pieces = new ArrayList<>();
    private final List<Long> pieceOffsets = new ArrayList<>();
    private int currentFile = -1;
    private int previousFile = -1;
    private long newest = Long.MIN_VALUE;

    OneCaptureSource(PacketSource in, CaptureStats stats) {
        this.in = in;
        this.stats = stats;
        this.offsets = new long[in.fileNames().size()];
        Arrays.fill(offsets, -1);
    }

    @Override
    public boolean next(PacketRecord into) throws IOException {
        if (!in.next(into)) {
            return false;
        }
        if (into.fileIndex != currentFile) {
            startFile(into);
        }
        if (into.timestampNanos > newest) {
            newest = into.timestampNanos;
        }
        into.frameNumber += offsets[into.fileIndex];
        into.fileIndex = 0;
        return true;
    }

    private void startFile(PacketRecord first) {
        previousFile = currentFile;
        currentFile = first.fileIndex;
        long offset = stats.packetsRead - first.frameNumber;
        offsets[currentFile] = offset;
        pieces.add(currentFile);
        pieceOffsets.add(offset);
        if (previousFile >= 0 && first.timestampNanos < newest) {
            List<String> names = in.fileNames();
            stats.warn("timestamps go backwards between pieces of one capture: " + names.get(currentFile)
                    + " starts " + FlowJson.micros(Math.floorDiv(newest - first.timestampNanos, 1000L))
                    + " s before the newest packet of the files before it (up to " + names.get(previousFile)
                    + "); are the files in capture order?");
        }
    }

    /** The reader's file index of the file holding frame {@code frame} (counted through all files). */
    int pieceOf(long frame) {
        int lo = 0;
        int hi = pieces.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pieceOffsets.get(mid) < frame) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return pieces.get(lo);
    }

    /** Frames read before file {@code fileIndex}. */
    long offset(int fileIndex) {
        return offsets[fileIndex];
    }

    /** Names of the files, by the reader's file index. */
    @Override
    public List<String> fileNames() {
        return in.fileNames();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
