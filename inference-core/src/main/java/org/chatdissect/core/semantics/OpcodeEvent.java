package org.chatdissect.core.semantics;

import org.chatdissect.model.Direction;

/** One occurrence of an opcode in a protocol message. */
public record OpcodeEvent(long flowId, long tsNanos, String opcodeHex, Direction dir, boolean request) {}
