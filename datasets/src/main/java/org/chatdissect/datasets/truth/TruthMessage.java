package org.chatdissect.datasets.truth;

import java.util.List;

/**
 * One line of truth-messages.jsonl: an application message on a flow. {@code frame} is the 1-based frame
 * number of its first packet; {@code opcode} is hex (e.g. "0x09") or null; {@code direction} up or down;
 * {@code kind} one of user, periodic, triggered, push; {@code fields} the header layout (may be empty).
 */
public record TruthMessage(String clientIp, int clientPort, String serverIp, int serverPort, String transport,
                           long frame, String app, String service, String task, String opcode, String direction,
                           long length, String kind, List<Field> fields) {

    public record Field(int offset, int length, String type) {}

    public String flowKey() {
        return transport + " " + clientIp + " " + clientPort + " " + serverIp + " " + serverPort;
    }
}
