package org.chatdissect.model;

import java.util.Locale;

/** Byte order of a numeric field (length, sequence). */
public enum Endian {
    BIG, LITTLE;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the byte order, or null when {@code s} names none */
    public static Endian fromJson(String s) {
        for (Endian v : values()) {
            if (v.jsonName().equals(s)) {
                return v;
            }
        }
        return null;
    }
}
