package org.chatdissect.core.segreport;

import java.util.Arrays;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.model.Direction;

/**
 * A TCP direction of a report flow that the trainer's length-prefix framing frames: the framing's result over it (its
 * candidate, the payload the chain starts at, the sampled frames the fields are learnt from) and every frame of the
 * chain, by the direction's payload (0-based, among that direction's payloads of {@link ReportFlow#packets}) holding
 * its first byte, that byte's offset within the payload, and the frame's length. A last frame the capture cut (the
 * connection did not close normally) is there with the bytes the capture holds of it.
 */
public final class FramedStream {
    private final Direction dir;
    private final LengthPrefixFraming.StreamResult framing;
    private final int[] payload;
    private final int[] offset;
    private final long[] length;

    public FramedStream(Direction dir, LengthPrefixFraming.StreamResult framing, int[] payload, int[] offset,
                        long[] length) {
        if (payload.length != offset.length || payload.length != length.length) {
            throw new IllegalArgumentException("one payload, offset and length per frame");
        }
        this.dir = dir;
        this.framing = framing;
        this.payload = payload.clone();
        this.offset = offset.clone();
        this.length = length.clone();
    }

    public Direction dir() {
        return dir;
    }

    public LengthPrefixFraming.StreamResult framing() {
        return framing;
    }

    public LengthPrefixFraming.Candidate candidate() {
        return framing.candidate();
    }

    public int frames() {
        return payload.length;
    }

    /** The direction's payload holding frame {@code i}'s first byte. */
    public int payload(int i) {
        return payload[i];
    }

    /** Frame {@code i}'s first byte within its payload. */
    public int offset(int i) {
        return offset[i];
    }

    public long length(int i) {
        return length[i];
    }

    @Override
    public String toString() {
        return dir + " " + framing.candidate() + ": " + payload.length + " frames from payload " + framing.startPayload()
                + ", lengths " + Arrays.toString(Arrays.copyOf(length, Math.min(8, length.length)))
                + (length.length > 8 ? "..." : "");
    }
}
