package org.chatdissect.model;

import java.util.Locale;

/** The field types of section III-A3, in the order the heuristics test them. */
public enum FieldType {
    CONSTANT, SEQUENCE, REQRESP, LENGTH, OPCODE, UNIDENTIFIED;

    /** The lower-case name used in signature files and JSON outputs. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FieldType fromJson(String s) {
        for (FieldType t : values()) {
            if (t.jsonName().equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown field type '" + s + "'");
    }
}
