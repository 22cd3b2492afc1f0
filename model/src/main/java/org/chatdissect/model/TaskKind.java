package org.chatdissect.model;

import java.util.Locale;

/** How a task is started (section III-A4): by the user, periodically by the client, or triggered by another task. */
public enum TaskKind {
    USER, PERIODIC, TRIGGERED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the kind, or null when {@code s} names none */
    public static TaskKind fromJson(String s) {
        for (TaskKind v : values()) {
            if (v.jsonName().equals(s)) {
                return v;
            }
        }
        return null;
    }
}
