package org.chatdissect.core.inspect;

import java.nio.charset.StandardCharsets;

/**
 * The first line of a text message (direct field inspection of a text protocol, section III-A1): the bytes
 * before the first CR LF, when that CR LF ends within {@code scope} bytes and every byte before it is printable
 * ASCII (0x20..0x7e). The one definition of a line: the trainer, the signature store's reference
 * {@code TextSignatures} and the matcher's {@code TextMatcher} all use it.
 */
public final class TextLine {
    private TextLine() {}

    /** Length of the line of {@code data[off, off+len)} (the CR LF excluded), or -1 when it has none. */
    public static int length(byte[] data, int off, int len, int scope) {
        int n = Math.min(len, scope);
        for (int i = 0; i < n; i++) {
            int c = data[off + i] & 0xff;
            if (c == '\r') {
                return i + 1 < n && data[off + i + 1] == '\n' ? i : -1;
            }
            if (c < 0x20 || c > 0x7e) {
                return -1;
            }
        }
        return -1;
    }

    /** The line as a string, or null when the payload has none. */
    public static String of(byte[] data, int off, int len, int scope) {
        int n = length(data, off, len, scope);
        return n < 0 ? null : new String(data, off, n, StandardCharsets.US_ASCII);
    }

    /**
     * Whether a TCP flow is a text-protocol flow, which header learning leaves out ({@code text.min_line_share}): its
     * first payload has a line and at least {@code minLineShare} of its payloads do.
     */
    public static boolean textOnly(boolean firstHasLine, long lines, long payloads, double minLineShare) {
        return firstHasLine && lines >= minLineShare * payloads;
    }
}
