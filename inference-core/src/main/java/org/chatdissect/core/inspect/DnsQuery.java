package org.chatdissect.core.inspect;

/** Reads the question name of a DNS message (RFC 1035 section 4.1), as the keyword stage needs it. */
public final class DnsQuery {
    private static final int HEADER = 12;
    /** RFC 1035 limits a name to 255 bytes on the wire, which is at most 253 characters in text. */
    private static final int MAX_NAME_CHARS = 253;
    /** A legitimate name has at most 127 labels, so more jumps than that can only be a crafted loop. */
    private static final int MAX_JUMPS = 127;

    private DnsQuery() {}

    /**
     * @return the first question's name in dotted form without the trailing dot ({@code ""} for the
     *     root), or null when the message has no question or is malformed (truncated, bad label type,
     *     compression pointer that does not point strictly backwards)
     */
    public static String parseQname(byte[] b, int off, int len) {
        if (b == null || len < HEADER + 1 || off < 0 || off + len > b.length) {
            return null;
        }
        int qdcount = ((b[off + 4] & 0xff) << 8) | (b[off + 5] & 0xff);
        if (qdcount == 0) {
            return null;
        }
        int end = off + len;
        int pos = off + HEADER;
        int jumps = 0;
        StringBuilder name = new StringBuilder(64);
        while (true) {
            if (pos >= end) {
                return null;
            }
            int l = b[pos] & 0xff;
            if (l == 0) {
                return name.toString();
            }
            int kind = l & 0xC0;
            if (kind == 0xC0) {
                if (pos + 1 >= end) {
                    return null;
                }
                int target = off + (((l & 0x3f) << 8) | (b[pos + 1] & 0xff));
                // Only backward pointers: together with the jump cap this makes loops impossible.
                if (target >= pos || target < off + HEADER || ++jumps > MAX_JUMPS) {
                    return null;
                }
                pos = target;
                continue;
            }
            if (kind != 0) {
                return null; // 0x40 / 0x80 extended label types are obsolete
            }
            if (pos + 1 + l > end) {
                return null;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = pos + 1; i <= pos + l; i++) {
                name.append((char) (b[i] & 0xff));
            }
            if (name.length() > MAX_NAME_CHARS) {
                return null;
            }
            pos += 1 + l;
        }
    }
}
