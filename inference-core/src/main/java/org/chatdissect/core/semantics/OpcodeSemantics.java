package org.chatdissect.core.semantics;

/**
 * What an opcode means: the user task it performs (USER), a periodic system task with its period, a background
 * task triggered by {@code trigger} (a task name, or an opcode when the trigger has no task), or UNKNOWN.
 */
public record OpcodeSemantics(String opcodeHex, String task, Kind kind, Double periodSeconds, String trigger) {
    public enum Kind { USER, PERIODIC, TRIGGERED, UNKNOWN }
}
