package org.chatdissect.model;

/** Lower-case hex strings, the form field values take in signature files. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** True when {@code s} is a non-empty, even-length string of lower-case hex digits. */
    public static boolean isLowerHex(String s) {
        if (s == null || s.isEmpty() || (s.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public static byte[] decode(String s) {
        if (!isLowerHex(s)) {
            throw new IllegalArgumentException("not a lower-case hex string: '" + s + "'");
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static String encode(byte[] b, int off, int len) {
        char[] c = new char[2 * len];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            c[2 * i] = DIGITS[v >>> 4];
            c[2 * i + 1] = DIGITS[v & 0xf];
        }
        return new String(c);
    }

    public static String encode(byte[] b) {
        return encode(b, 0, b.length);
    }
}
