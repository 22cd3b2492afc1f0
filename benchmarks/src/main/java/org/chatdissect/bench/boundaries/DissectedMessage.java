package org.chatdissect.bench.boundaries;

import java.util.Arrays;

/**
 * One application message as tshark dissected it: the transport payload of a frame and the offsets
 * (relative to the payload, excluding 0 and the payload length) where a dissected field starts or ends.
 */
public record DissectedMessage(long frame, byte[] payload, int[] boundaries) {
    @Override
    public String toString() {
        return "frame " + frame + " len " + payload.length + " boundaries " + Arrays.toString(boundaries);
    }
}
