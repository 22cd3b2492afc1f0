package org.chatdissect.core.fieldtype;

import org.chatdissect.model.Direction;

/**
 * What field typing needs of one protocol message: its flow, direction, position in the flow, leading bytes and
 * total length (all packets of the decomposed flow).
 */
public record ProtocolMessage(long flowId, Direction dir, long order, byte[] prefix, long totalLength) {
    public ProtocolMessage {
        prefix = prefix.clone();
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }

    byte[] raw() {
        return prefix;
    }
}
