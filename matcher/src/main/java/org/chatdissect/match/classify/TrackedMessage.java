package org.chatdissect.match.classify;

import org.chatdissect.model.Direction;

/** What every message of a TCP flow's decomposition records: its direction, first frame, times and bytes. */
abstract class TrackedMessage {
    Direction dir;
    long startNanos;
    long endNanos;
    long frame;
    long bytes;

    /** The message starts with this packet. */
    final void begin(Direction d, long ts, long firstFrame, int wireLen) {
        dir = d;
        startNanos = ts;
        endNanos = ts;
        frame = firstFrame;
        bytes = wireLen;
    }

    /** A packet that continues the message (a non-protocol packet of section III-A2's defragmentation). */
    final void extend(long ts, int wireLen) {
        bytes += wireLen;
        endNanos = ts;
    }
}
