package org.chatdissect.model;

import java.util.Locale;

/** Whether a person has checked a signature; feedback-loop candidates start {@link #UNREVIEWED}. */
public enum Status {
    REVIEWED, UNREVIEWED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the status, or null when {@code s} names none */
    public static Status fromJson(String s) {
        for (Status v : values()) {
            if (v.jsonName().equals(s)) {
                return v;
            }
        }
        return null;
    }
}
