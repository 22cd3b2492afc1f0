package org.chatdissect.core.segment;

import org.chatdissect.model.Direction;

/**
 * A decomposed flow unit: a protocol packet with the non-protocol packets that followed it in the same direction.
 *
 * @param leadingFragment true for continuation packets seen before any protocol packet of their direction
 *                        (their header is outside the capture); such messages carry no protocol prefix
 */
public record Message(Direction direction, long firstFrame, long tsNanos, long totalLength, byte[] prefix,
                      int packetCount, boolean leadingFragment) {
    public Message {
        prefix = prefix.clone();
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }
}
