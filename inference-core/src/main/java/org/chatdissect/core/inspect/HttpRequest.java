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
        int methodLen = matchMethod(b, off, off + len);
        int uriFrom = skipSpaces(b, off + methodLen, off + lineEnd);
        int uriTo = versionStart(b, off, lineEnd);
        while (uriTo > uriFrom && b[uriTo - 1] == ' ') {
            uriTo--;
        }
        String method = ascii(b, off, off + methodLen);
        String url = ascii(b, uriFrom, uriTo);
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
     * Tolerant like the servers attackers probe: the URI is whatever lies between the method and the
     * final {@code SP HTTP/1.x}, spaces included (seen in real captures), but it must not be empty and
     * must hold no control characters.
     *
     * @return length of the request line including its line end when complete; 0 when the prefix is
     *     consistent with a request line but incomplete; -1 when it is not a request line
     */
    static int requestLineEnd(byte[] b, int off, int len) {
        int end = off + len;
        int m = matchMethod(b, off, end);
        if (m <= 0) {
            return m;
        }
        int limit = Math.min(end, off + MAX_REQUEST_LINE);
        int eol = -1;
        for (int i = off + m; i < limit; i++) {
            int c = b[i] & 0xff;
            if (c == '\n') {
                eol = i;
                break;
            }
            if ((c < 0x20 && c != '\r' && c != '\t') || c == 0x7f) {
                return -1;
            }
        }
        if (eol < 0) {
            return limit < end || end - off >= MAX_REQUEST_LINE ? -1 : 0;
        }
        int lineLen = eol + 1 - off;
        int v = versionStart(b, off, lineLen);
        if (v < 0) {
            return -1;
        }
        int uriFrom = skipSpaces(b, off + m, v);
        int uriTo = v;
        while (uriTo > uriFrom && b[uriTo - 1] == ' ') {
            uriTo--;
        }
        return uriTo > uriFrom ? lineLen : -1;
    }

    /** Start of "HTTP/1.x" at the end of a complete line (before CRLF or LF), preceded by a space; else -1. */
    private static int versionStart(byte[] b, int off, int lineLen) {
        int stop = off + lineLen - 1; // the LF
        if (stop > off && b[stop - 1] == '\r') {
            stop--;
        }
        final String version = "HTTP/1.";
        int v = stop - version.length() - 1;
        if (v - 1 < off) {
            return -1;
        }
        for (int k = 0; k < version.length(); k++) {
            if (b[v + k] != version.charAt(k)) {
                return -1;
            }
        }
        int digit = b[stop - 1] & 0xff;
        return digit >= '0' && digit <= '9' && b[v - 1] == ' ' ? v : -1;
    }

    private static int skipSpaces(byte[] b, int from, int to) {
        while (from < to && b[from] == ' ') {
            from++;
        }
        return from;
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
