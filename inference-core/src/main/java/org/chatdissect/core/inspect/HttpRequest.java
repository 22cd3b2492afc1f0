package org.chatdissect.core.inspect;

import java.nio.charset.StandardCharsets;

/**
 * The parts of an HTTP/1.x request the keyword stage and the matcher use: request line plus the Host,
 * Referer and User-Agent headers (names matched case-insensitively, first occurrence wins).
 *
 * <p>Header fields missing from the bytes given (absent, or cut off by the end of the segment) are null.
 */
public record HttpRequest(String method, String url, String host, String referer, String userAgent) {
    private static final String[] METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "PATCH"};
    /** Longest request line we wait for before giving up; real URLs beyond this are rare, probes are cheap. */
    private static final int MAX_REQUEST_LINE = 8192;

    /**
     * Tells whether the bytes start with a request line {@code METHOD SP uri SP HTTP/1.x CRLF}: NEED_MORE
     * while the prefix is consistent with one but the line end has not arrived.
     */
    public static Probe probe(byte[] b, int off, int len) {
        int r = requestLineEnd(b, off, len);
        return r > 0 ? Probe.MATCHED : r == 0 ? Probe.NEED_MORE : Probe.NOT_MATCHED;
    }

    /** @return the request, or null when the bytes do not start with a complete request line */
    public static HttpRequest parse(byte[] b, int off, int len) {
        int lineEnd = requestLineEnd(b, off, len);
        if (lineEnd <= 0) {
            return null;
        }
        int sp1 = indexOf(b, off, off + len, (byte) ' ');
        int sp2 = indexOf(b, sp1 + 1, off + len, (byte) ' ');
        String method = ascii(b, off, sp1);
        String url = ascii(b, sp1 + 1, sp2);
        String host = null;
        String referer = null;
        String userAgent = null;
        int end = off + len;
        int pos = off + lineEnd;
        while (pos < end) {
            int eol = indexOf(b, pos, end, (byte) '\n');
            if (eol < 0) {
                break; // a header cut by the segment end is not trusted: its value may be incomplete
            }
            int lineStop = eol > pos && b[eol - 1] == '\r' ? eol - 1 : eol;
            if (lineStop == pos) {
                break; // blank line: end of headers
            }
            int colon = indexOf(b, pos, lineStop, (byte) ':');
            if (colon > pos) {
                if (host == null && nameIs(b, pos, colon, "host")) {
                    host = value(b, colon + 1, lineStop);
                } else if (referer == null && nameIs(b, pos, colon, "referer")) {
                    referer = value(b, colon + 1, lineStop);
                } else if (userAgent == null && nameIs(b, pos, colon, "user-agent")) {
                    userAgent = value(b, colon + 1, lineStop);
                }
            }
            pos = eol + 1;
        }
        return new HttpRequest(method, url, host, referer, userAgent);
    }

    /**
     * @return length of the request line including its line end when complete; 0 when the prefix is
     *     consistent with a request line but incomplete; -1 when it is not a request line
     */
    static int requestLineEnd(byte[] b, int off, int len) {
        int end = off + len;
        int m = matchMethod(b, off, end);
        if (m < 0) {
            return m;
        }
        int uriStart = off + m + 1;
        int i = uriStart;
        while (i < end && b[i] != ' ') {
            int c = b[i] & 0xff;
            if (c <= 0x20 || c == 0x7f) {
                return -1;
            }
            if (i - off > MAX_REQUEST_LINE) {
                return -1;
            }
            i++;
        }
        if (i >= end) {
            return 0;
        }
        if (i == uriStart) {
            return -1;
        }
        // "HTTP/1.x" then CRLF (a bare LF is tolerated, as servers do)
        final String version = "HTTP/1.";
        int v = i + 1;
        for (int k = 0; k < version.length() + 1; k++) {
            if (v + k >= end) {
                return 0;
            }
            int c = b[v + k] & 0xff;
            boolean ok = k < version.length() ? c == version.charAt(k) : c >= '0' && c <= '9';
            if (!ok) {
                return -1;
            }
        }
        int after = v + version.length() + 1;
        if (after >= end) {
            return 0;
        }
        if (b[after] == '\n') {
            return after + 1 - off;
        }
        if (b[after] != '\r') {
            return -1;
        }
        if (after + 1 >= end) {
            return 0;
        }
        return b[after + 1] == '\n' ? after + 2 - off : -1;
    }

    /** @return length of the method when followed by a space, 0 for a consistent prefix, -1 otherwise */
    private static int matchMethod(byte[] b, int off, int end) {
        boolean prefix = false;
        for (String m : METHODS) {
            int n = m.length();
            int avail = Math.min(end - off, n + 1);
            boolean ok = true;
            for (int k = 0; k < avail && ok; k++) {
                ok = b[off + k] == (k < n ? m.charAt(k) : ' ');
            }
            if (ok) {
                if (avail == n + 1) {
                    return n;
                }
                prefix = true;
            }
        }
        return prefix ? 0 : -1;
    }

    private static boolean nameIs(byte[] b, int from, int to, String lower) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i] & 0xff;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String value(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return ascii(b, from, to);
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
