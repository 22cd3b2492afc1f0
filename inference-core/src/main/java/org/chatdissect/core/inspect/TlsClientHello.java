package org.chatdissect.core.inspect;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a TLS ClientHello at the start of a client stream and reads its server_name extension
 * (RFC 8446 section 4.1.2 and 4.2, RFC 6066 section 3). The handshake message may span several
 * handshake records; the bytes given must start at the first record header.
 */
public final class TlsClientHello {
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int HANDSHAKE_CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = 5;
    /** Record fragments are at most 2^14 bytes (plus expansion for protected records, not used here). */
    private static final int MAX_FRAGMENT = 16384 + 2048;
    private static final int EXT_SERVER_NAME = 0;

    private TlsClientHello() {}

    /**
     * MATCHED when the bytes hold a whole ClientHello message, NEED_MORE when they start like one but
     * the message is incomplete, NOT_MATCHED otherwise.
     */
    public static Probe probe(byte[] b, int off, int len) {
        int end = off + len;
        // record header: type, version major 3, minor 0..4, length
        if (len >= 1 && (b[off] & 0xff) != CONTENT_HANDSHAKE) {
            return Probe.NOT_MATCHED;
        }
        if (len >= 2 && b[off + 1] != 3) {
            return Probe.NOT_MATCHED;
        }
        if (len >= 3 && (b[off + 2] & 0xff) > 4) {
            return Probe.NOT_MATCHED;
        }
        if (len < RECORD_HEADER) {
            return Probe.NEED_MORE;
        }
        int recLen = u16(b, off + 3);
        if (recLen == 0 || recLen > MAX_FRAGMENT) {
            return Probe.NOT_MATCHED;
        }
        if (len >= 6 && (b[off + 5] & 0xff) != HANDSHAKE_CLIENT_HELLO) {
            return Probe.NOT_MATCHED;
        }
        if (len >= 10 && b[off + 9] != 3) {
            return Probe.NOT_MATCHED; // legacy_version of the hello
        }
        if (len < 9) {
            return Probe.NEED_MORE;
        }
        int hsLen = u24(b, off + 6);
        // version 2 + random 32 + session id length 1 + suites length 2 + compression length 1
        if (hsLen < 38) {
            return Probe.NOT_MATCHED;
        }
        int have = handshakeBytesAvailable(b, off, end, 4 + hsLen);
        return have < 0 ? Probe.NOT_MATCHED : have >= 4 + hsLen ? Probe.MATCHED : Probe.NEED_MORE;
    }

    /** @return true when the bytes start with a handshake record whose first message is a ClientHello */
    public static boolean startsLikeClientHello(byte[] b, int off, int len) {
        return len >= 6 && probe(b, off, Math.min(len, 6)) == Probe.NEED_MORE;
    }

    /**
     * @return the host_name of the server_name extension, or null when the bytes hold no complete
     *     ClientHello, it has no such extension, or it is malformed
     */
    public static String parseSni(byte[] b, int off, int len) {
        if (probe(b, off, len) != Probe.MATCHED) {
            return null;
        }
        int msgLen = 4 + u24(b, off + 6);
        byte[] m;
        int p;
        if (msgLen <= u16(b, off + 3)) {
            m = b; // the common case: the whole message is inside the first record, no copy
            p = off + RECORD_HEADER;
        } else {
            m = gatherHandshake(b, off, off + len, msgLen);
            p = 0;
        }
        int end = p + msgLen;
        p += 4 + 2 + 32; // handshake header, legacy_version, random
        if (p + 1 > end) {
            return null;
        }
        p += 1 + (m[p] & 0xff); // session id
        if (p + 2 > end) {
            return null;
        }
        p += 2 + u16(m, p); // cipher suites
        if (p + 1 > end) {
            return null;
        }
        p += 1 + (m[p] & 0xff); // compression methods
        if (p + 2 > end) {
            return null; // no extensions at all (old clients)
        }
        int extEnd = Math.min(end, p + 2 + u16(m, p));
        p += 2;
        while (p + 4 <= extEnd) {
            int type = u16(m, p);
            int l = u16(m, p + 2);
            p += 4;
            if (p + l > extEnd) {
                return null;
            }
            if (type == EXT_SERVER_NAME) {
                return hostName(m, p, p + l);
            }
            p += l;
        }
        return null;
    }

    private static String hostName(byte[] m, int p, int end) {
        if (p + 2 > end) {
            return null;
        }
        int listEnd = Math.min(end, p + 2 + u16(m, p));
        p += 2;
        while (p + 3 <= listEnd) {
            int nameType = m[p] & 0xff;
            int l = u16(m, p + 1);
            p += 3;
            if (p + l > listEnd) {
                return null;
            }
            if (nameType == 0 && l > 0) {
                return new String(m, p, l, StandardCharsets.US_ASCII);
            }
            p += l;
        }
        return null;
    }

    /** Sums handshake bytes over consecutive handshake records; -1 if a non-handshake record interrupts. */
    private static int handshakeBytesAvailable(byte[] b, int p, int end, int wanted) {
        int have = 0;
        while (have < wanted && p + RECORD_HEADER <= end) {
            if ((b[p] & 0xff) != CONTENT_HANDSHAKE || b[p + 1] != 3) {
                return -1;
            }
            int recLen = u16(b, p + 3);
            if (recLen == 0 || recLen > MAX_FRAGMENT) {
                return -1;
            }
            have += Math.min(recLen, end - (p + RECORD_HEADER));
            p += RECORD_HEADER + recLen;
        }
        return have;
    }

    private static byte[] gatherHandshake(byte[] b, int p, int end, int wanted) {
        byte[] out = new byte[wanted];
        int n = 0;
        while (n < wanted && p + RECORD_HEADER <= end) {
            int take = Math.min(Math.min(u16(b, p + 3), end - (p + RECORD_HEADER)), wanted - n);
            System.arraycopy(b, p + RECORD_HEADER, out, n, take);
            n += take;
            p += RECORD_HEADER + u16(b, p + 3);
        }
        return out;
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static int u24(byte[] b, int p) {
        return ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
    }
}
