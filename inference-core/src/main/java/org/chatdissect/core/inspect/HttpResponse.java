package org.chatdissect.core.inspect;

/** Recognises an HTTP/1.x status line ({@code HTTP/1.1 200 OK}) at the start of a server stream. */
public final class HttpResponse {
    private static final byte[] PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};
    /** {@code HTTP/1.x NNN} is 12 bytes. */
    private static final int MIN = 12;

    private HttpResponse() {}

    public static Probe probeStatusLine(byte[] b, int off, int len) {
        int n = Math.min(len, MIN);
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xff;
            boolean ok;
            if (i < PREFIX.length) {
                ok = c == PREFIX[i];
            } else if (i == 7) {
                ok = c >= '0' && c <= '9';
            } else if (i == 8) {
                ok = c == ' ';
            } else {
                ok = c >= '0' && c <= '9';
            }
            if (!ok) {
                return Probe.NOT_MATCHED;
            }
        }
        return len < MIN ? Probe.NEED_MORE : Probe.MATCHED;
    }
}
