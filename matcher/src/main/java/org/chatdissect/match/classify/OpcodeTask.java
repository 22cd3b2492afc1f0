package org.chatdissect.match.classify;

import org.chatdissect.match.compile.HeaderMatcher;
import org.chatdissect.model.OpcodeInfo;

/**
 * What a message's opcode says of its task, the same for TCP and UDP tasks: the opcode's hex, the opcode table's
 * name, kind and service, {@code unknown opcode 7f} for an opcode the table lacks, {@code unknown} without an
 * opcode field; an unnamed request the server sent is a {@code push}.
 */
record OpcodeTask(String hex, String task, String kind, String service) {
    static OpcodeTask of(HeaderMatcher m, int sig, boolean hasOpcode, long opcode, boolean serverRequest) {
        String hex = hasOpcode ? m.opcodeHex(sig, opcode) : null;
        OpcodeInfo info = hasOpcode ? m.task(sig, opcode) : null;
        if (info != null) {
            return new OpcodeTask(hex, info.task(), info.kind().jsonName(), info.service());
        }
        return new OpcodeTask(hex, hex != null ? "unknown opcode " + hex : "unknown", serverRequest ? "push" : null,
                null);
    }
}
