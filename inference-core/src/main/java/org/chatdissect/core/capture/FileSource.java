package org.chatdissect.core.capture;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the records of one capture file. Records the file cannot hand out (cut short, corrupt, on an
 * unknown interface) are counted here, read and undecoded, so they still land in exactly one bucket.
 */
abstract class FileSource implements Closeable {
    static final String TRUNCATED_RECORD = "truncated_record";
    static final String CORRUPT_RECORD = "corrupt_record";
    static final String OVERSIZED_RECORD = "oversized_record";

    /** Largest frame accepted without block framing to vouch for it (Wireshark's standard maximum). */
    static final int MAX_RECORD = 262144;

    protected final ByteInput in;
    protected final String name;
    protected final int fileIndex;
    protected final CaptureStats stats;
    /** Records seen so far in this file, so the next one is {@code frames + 1}. */
    protected long frames;
    protected boolean done;

    FileSource(ByteInput in, String name, int fileIndex, CaptureStats stats) {
        this.in = in;
        this.name = name;
        this.fileIndex = fileIndex;
        this.stats = stats;
    }

    /** @return false at the end of the file (or after a record that stops it) */
    abstract boolean next(PacketRecord into) throws IOException;

    /** The last record is cut short: counted, warned, and the file ends here. */
    protected final void truncated(String what) {
        frames++;
        stats.packetsRead++;
        stats.undecoded(TRUNCATED_RECORD);
        stats.warn(name + ": frame " + frames + " cut short (" + what + "), file ends early");
        done = true;
    }

    /** A length is impossible so nothing after it can be trusted: counted, warned, and the file ends. */
    protected final void corrupt(String what) {
        frames++;
        stats.packetsRead++;
        stats.undecoded(CORRUPT_RECORD);
        stats.warn(name + ": corrupt record at frame " + frames + " (offset " + in.streamOffset() + ": " + what
                + "), rest of file skipped");
        done = true;
    }

    /**
     * A frame larger than the reader's window whose framing vouches for it (a pcap snaplen that allows it, a pcapng
     * block whose trailer repeats its length): counted, and skipped unread by the caller; reading goes on. The first
     * of a file is warned about.
     */
    protected final void oversized(long caplen) {
        frames++;
        stats.packetsRead++;
        stats.undecoded(OVERSIZED_RECORD);
        if (!warnedOversized) {
            warnedOversized = true;
            stats.warn(name + ": frame " + frames + " holds " + caplen + " bytes, more than the reader's "
                    + in.capacity() + "-byte window: counted as " + OVERSIZED_RECORD + " and skipped (so are any"
                    + " further ones of this file)");
        }
    }

    private boolean warnedOversized;

    /** A frame the reader reads but cannot hand out (its framing is fine, so reading goes on). */
    protected final void unusable(String reason) {
        frames++;
        stats.packetsRead++;
        stats.undecoded(reason);
    }

    /** Called at a clean end of data: reports a compressed stream that ended early. */
    protected final void endOfData() {
        done = true;
        if (in.streamError() != null) {
            stats.warn(name + ": compressed data ends early (" + in.streamError() + "), " + frames
                    + " frames read");
        }
    }

    /**
     * Hands out a frame whose bytes start at {@code rel} in the input window; the window must hold them. The record
     * points into the window (no copy): its bytes stay valid until the next read, as {@link PacketRecord} says.
     */
    protected final void emit(PacketRecord r, int linkType, long tsNanos, int caplen, long origlen, int rel) {
        r.offset = in.index(rel, caplen);
        byte[] a = in.array();
        if (r.data != a) {
            r.data = a; // a reference store per frame costs a GC write-barrier call on C1 when it changes nothing
        }
        r.length = caplen;
        r.originalLength = (int) Math.min(origlen, Integer.MAX_VALUE);
        r.linkType = linkType;
        r.timestampNanos = tsNanos;
        r.fileIndex = fileIndex;
        r.frameNumber = ++frames;
        stats.packetsRead++;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
