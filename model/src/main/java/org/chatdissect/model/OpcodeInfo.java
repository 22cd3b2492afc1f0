package org.chatdissect.model;

import java.util.Objects;

/**
 * What an opcode value means.
 *
 * @param service  the service of section II-A (e.g. "instant messaging"), or null
 * @param periodS  periodic tasks: the period in seconds, or null; only for {@link TaskKind#PERIODIC}
 * @param trigger  triggered tasks: the task that triggers this one, or null; only for {@link TaskKind#TRIGGERED}
 */
public record OpcodeInfo(String task, String service, TaskKind kind, Double periodS, String trigger) {
    public OpcodeInfo {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(kind, "kind");
    }

    public static OpcodeInfo user(String task, String service) {
        return new OpcodeInfo(task, service, TaskKind.USER, null, null);
    }
}
