package org.chatdissect.core.flow;

import java.util.ArrayList;

/**
 * Puts one direction of a TCP connection back into sequence order so the stages above see the byte
 * stream the application sent: retransmitted bytes are dropped, overlaps trimmed, early segments held
 * back until the hole before them is filled (or given up on).
 *
 * <p>Sequence numbers are compared as signed 32-bit differences, which is how TCP itself survives
 * wraparound; it holds while the window is below 2^31 bytes. Snaplen-truncated segments advance the
 * sequence by their wire length while delivering only the captured bytes.
 */
public final class TcpStreamOrderer {
    /** Receives in-order payload; the array is only valid during the call. */
    public interface Sink {
        void deliver(long timestampNanos, long frameNumber, byte[] data, int offset, int length, int wireLength);
    }

    private static final class Segment {
        final int seq;
        final long ts;
        final long frame;
        final byte[] data;
        final int wireLength;

        Segment(int seq, long ts, long frame, byte[] data, int wireLength) {
            this.seq = seq;
            this.ts = ts;
            this.frame = frame;
            this.data = data;
            this.wireLength = wireLength;
        }
    }

    private final int maxBufferedBytes;
    private final int maxBufferedSegments;
    private boolean started;
    private int next;
    /** Allocated on the first out-of-order segment only: most directions never need it. */
    private ArrayList<Segment> buffer;
    private int bufferedBytes;

    private long retransmittedSegments;
    private long retransmittedBytes;
    private long overlapBytesTrimmed;
    private long gaps;
    private long gapBytes;

    public TcpStreamOrderer(int maxBufferedBytes, int maxBufferedSegments) {
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxBufferedSegments = maxBufferedSegments;
    }

    /** The SYN's sequence number: data starts right after it. Ignored once data has been ordered. */
    public void onSyn(long isn) {
        if (!started) {
            next = (int) isn + 1;
            started = true;
        }
    }

    /**
     * One data segment. {@code length} captured bytes are at {@code data[offset..]}; {@code wireLength}
     * is the segment's size in sequence space (at least {@code length}).
     */
    public void accept(long seq, long timestampNanos, long frameNumber, byte[] data, int offset, int length,
                       int wireLength, Sink sink) {
        if (wireLength <= 0) {
            return;
        }
        int s = (int) seq;
        if (!started) {
            next = s; // mid-stream capture: the first data seen defines the start
            started = true;
        }
        if (s - next > 0) {
            hold(s, timestampNanos, frameNumber, data, offset, length, wireLength);
            while (buffer != null && !buffer.isEmpty()
                    && (buffer.size() > maxBufferedSegments || bufferedBytes > maxBufferedBytes)) {
                skipHole(sink);
            }
            return;
        }
        deliverFromNext(s, timestampNanos, frameNumber, data, offset, length, wireLength, sink);
        drain(sink);
    }

    /** End of the flow: whatever is held back is delivered in order, holes skipped and counted. */
    public void finish(Sink sink) {
        while (buffer != null && !buffer.isEmpty()) {
            skipHole(sink);
        }
    }

    private void deliverFromNext(int s, long ts, long frame, byte[] data, int off, int len, int wireLen, Sink sink) {
        int rel = s - next; // <= 0 here
        if ((long) rel + wireLen <= 0) {
            retransmittedSegments++;
            retransmittedBytes += wireLen;
            return;
        }
        int trim = -rel;
        overlapBytesTrimmed += trim;
        next += wireLen - trim;
        int captured = len - trim;
        if (captured > 0) {
            sink.deliver(ts, frame, data, off + trim, captured, wireLen - trim);
        }
    }

    private void drain(Sink sink) {
        while (buffer != null && !buffer.isEmpty()) {
            int i = earliest();
            Segment g = buffer.get(i);
            if (g.seq - next > 0) {
                return;
            }
            removeAt(i);
            deliverFromNext(g.seq, g.ts, g.frame, g.data, 0, g.data.length, g.wireLength, sink);
        }
    }

    private void skipHole(Sink sink) {
        Segment g = buffer.get(earliest());
        int hole = g.seq - next;
        if (hole > 0) {
            gaps++;
            gapBytes += hole;
            next = g.seq;
        }
        drain(sink);
    }

    private void hold(int s, long ts, long frame, byte[] data, int off, int len, int wireLen) {
        if (buffer == null) {
            buffer = new ArrayList<>(4);
        }
        for (Segment g : buffer) {
            if (g.seq == s && g.wireLength >= wireLen) {
                retransmittedSegments++; // a copy of a segment already waiting
                retransmittedBytes += wireLen;
                return;
            }
        }
        byte[] copy = new byte[len];
        System.arraycopy(data, off, copy, 0, len);
        buffer.add(new Segment(s, ts, frame, copy, wireLen));
        bufferedBytes += len;
    }

    private int earliest() {
        int best = 0;
        for (int i = 1; i < buffer.size(); i++) {
            if (buffer.get(i).seq - buffer.get(best).seq < 0) {
                best = i;
            }
        }
        return best;
    }

    private void removeAt(int i) {
        bufferedBytes -= buffer.get(i).data.length;
        // order inside the buffer does not matter: swap-remove keeps it O(1)
        int last = buffer.size() - 1;
        buffer.set(i, buffer.get(last));
        buffer.remove(last);
    }

    public long retransmittedSegments() {
        return retransmittedSegments;
    }

    public long retransmittedBytes() {
        return retransmittedBytes;
    }

    public long overlapBytesTrimmed() {
        return overlapBytesTrimmed;
    }

    public long gaps() {
        return gaps;
    }

    public long gapBytes() {
        return gapBytes;
    }

    public int bufferedSegments() {
        return buffer == null ? 0 : buffer.size();
    }
}
