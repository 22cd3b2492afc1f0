package org.chatdissect.core.segment;

import org.chatdissect.model.Direction;

/** One packet of a flow in stream order (retransmissions removed): its leading bytes and full payload length. */
public record PayloadSample(Direction dir, long tsNanos, long frame, byte[] prefix, int length, boolean protocol) {
    public PayloadSample {
        prefix = prefix.clone();
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }
}
