package org.chatdissect.core.flow;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A flow's unique id, as Zeek's {@code uid} ({@code C} and 17 base-62 characters): the lines of {@code tasks.jsonl}
 * name their flow by it. Zeek draws its uids at random; this one is a hash of what identifies the flow in its input
 * (the file, the first frame) and of the flow itself (Community ID, first packet's time), so that the same input
 * gives the same ids, whichever engine or thread wrote them.
 */
public final class FlowUid {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);
    private FlowUid() {}

    /** The uid of flow {@code f} starting at {@code firstFrame} of {@code file}. */
    public static String of(Flow f, String file, long firstFrame) {
        return of(CommunityId.of(f), f.startNanos, file, firstFrame);
    }

    /** The uid of a flow whose Community ID is already made (a writer makes it once for both keys). */
    public static String of(String communityId, long startNanos, String file, long firstFrame) {
        MessageDigest d = CommunityId.sha1();
        d.update((file + "\u0000" + firstFrame + "\u0000" + communityId + "\u0000" + startNanos)
                .getBytes(StandardCharsets.UTF_8));
        byte[] h = d.digest();
        // 96 bits of the digest: 17 base-62 digits (62^17 > 2^96), fixed width
        BigInteger v = new BigInteger(1, java.util.Arrays.copyOf(h, 12));
        char[] out = new char[18];
        out[0] = 'C';
        for (int i = 17; i >= 1; i--) {
            BigInteger[] qr = v.divideAndRemainder(BASE);
            out[i] = DIGITS.charAt(qr[1].intValue());
            v = qr[0];
        }
        return new String(out);
    }
}
