package org.chatdissect.datasets.skype;

import java.util.SplittableRandom;
import org.chatdissect.datasets.net.Rand;

/**
 * The four login-server messages of the seed's Fig. 4. Reading (documented in docs/design/datasets.md): they
 * are SSL/TLS-style records {@code type | 03 01 | length(2, big-endian)}. Message 1 is {@code 22 3 1 0 0} and
 * message 2 {@code 23 3 1 0 0} for every login. Message 3 (413 bytes) starts with {@code 22 3 1 0}; its fifth
 * byte (index 4) is 205; at offset 5 + 205 = 210 the seed found the header {@code 23 3 1 0} followed by 198:
 * 5 + 205 + 5 + 198 = 413. Message 4 (222 bytes) shares the header of message 2, {@code 23 3 1 0}, and its
 * fifth byte 217 is the body length: 5 + 217 = 222. Bodies are encrypted (random).
 */
public final class SkypeLogin {
    private SkypeLogin() {}

    public static byte[] message1() {
        return new byte[] {22, 3, 1, 0, 0};
    }

    public static byte[] message2() {
        return new byte[] {23, 3, 1, 0, 0};
    }

    public static byte[] message3(SplittableRandom r) {
        byte[] b = Rand.bytes(r, 413);
        record(b, 0, 22, 205);
        record(b, 210, 23, 198);
        return b;
    }

    public static byte[] message4(SplittableRandom r) {
        byte[] b = Rand.bytes(r, 222);
        record(b, 0, 23, 217);
        return b;
    }

    private static void record(byte[] b, int o, int type, int len) {
        b[o] = (byte) type;
        b[o + 1] = 3;
        b[o + 2] = 1;
        b[o + 3] = (byte) (len >>> 8);
        b[o + 4] = (byte) len;
    }
}
