package org.chatdissect.match.feedback;

/**
 * One thing a feedback round added: a header or keyword signature, an opcode of a header signature, or a keyword
 * of a keyword signature. {@link #line()} is what the command prints, one per addition.
 *
 * @param signature the ID ({@code app/name}) of the signature added or extended
 * @param what      the opcode (hex), the keyword ({@code field value}), a constant's new value ({@code bytes A-B: hex})
 *                  or, for a signature, its flow type
 * @param detail    the opcode's task and kind, the keyword's task, the flows a value was seen in, or the signature's
 *                  shape
 */
public record Addition(int round, Kind kind, String signature, String what, String detail) {
    public enum Kind { SIGNATURE, OPCODE, KEYWORD, VALUE }

    public String line() {
        return switch (kind) {
            case SIGNATURE -> "+ signature " + signature + " (" + what + ", " + detail + ")";
            case OPCODE -> "+ opcode " + signature + " " + what + ": " + detail;
            case KEYWORD -> "+ keyword " + signature + " " + what + (detail == null ? "" : " (task " + detail + ")");
            case VALUE -> "+ value " + signature + " " + what + " (" + detail + ")";
        };
    }
}
