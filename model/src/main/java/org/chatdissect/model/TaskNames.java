package org.chatdissect.model;

/**
 * Names of tasks that no manifest named: what the opcode's behaviour says of it (section III-A4's reverse engineering
 * of opcodes outside the manifest). The trainer and the feedback loop name them alike, so a task keeps its name from
 * one to the other. Each name holds the opcode, so two such tasks of one signature never share a name.
 */
public final class TaskNames {
    private TaskNames() {}

    /** A message sent at a steady period: {@code periodic 06}. */
    public static String periodic(String opcode) {
        return "periodic " + opcode;
    }

    /**
     * A message that follows another: named after what triggers it, {@code after login (79)}, or after the trigger's
     * opcode when that has no name of its own ({@code after 22 (79)}); {@code triggered 79} when the trigger is not known.
     */
    public static String triggered(String opcode, String triggerTask) {
        return triggerTask == null ? "triggered " + opcode : "after " + triggerTask + " (" + opcode + ")";
    }

    /** A message only the server starts: {@code push 2b}. */
    public static String push(String opcode) {
        return "push " + opcode;
    }

    /** An opcode whose behaviour says nothing: {@code unknown 4c}. */
    public static String unknown(String opcode) {
        return "unknown " + opcode;
    }
}
