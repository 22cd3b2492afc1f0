package org.chatdissect.datasets.net;

import java.util.SplittableRandom;

/**
 * Bytes of one application message: an explicit head (the protocol header and any clear text), then
 * pseudo-random bytes standing for the encrypted body. Bodies are filled lazily, segment by segment, so a
 * 5 MB download never exists as one array.
 */
public final class Payload {
    private final byte[] head;
    private final long length;
    private final SplittableRandom rnd;
    private final byte[] tail;

    private Payload(byte[] head, long length, SplittableRandom rnd, byte[] tail) {
        if (length < head.length + (tail == null ? 0 : tail.length)) {
            throw new IllegalArgumentException("length " + length + " shorter than head " + head.length);
        }
        this.head = head;
        this.length = length;
        this.rnd = rnd;
        this.tail = tail;
    }

    public static Payload of(byte[] head, long length, SplittableRandom rnd) {
        return new Payload(head, length, rnd, null);
    }

    /** A message whose last bytes are fixed (e.g. the OICQ tail 0x03). */
    public static Payload withTail(byte[] head, long length, SplittableRandom rnd, byte[] tail) {
        return new Payload(head, length, rnd, tail);
    }

    public static Payload exact(byte[] bytes) {
        return new Payload(bytes, bytes.length, null, null);
    }

    public long length() {
        return length;
    }

    public byte[] head() {
        return head;
    }

    /** Copies message bytes [from, from+len) into dst; random bytes are drawn in order of first use. */
    public void fill(byte[] dst, int off, long from, int len) {
        int i = 0;
        while (i < len && from + i < head.length) {
            dst[off + i] = head[(int) (from + i)];
            i++;
        }
        long tailStart = tail == null ? length : length - tail.length;
        int randEnd = (int) Math.max(i, Math.min(len, tailStart - from));
        if (randEnd > i) {
            Rand.fill(rnd, dst, off + i, randEnd - i);
            i = randEnd;
        }
        while (i < len) {
            dst[off + i] = tail[(int) (from + i - tailStart)];
            i++;
        }
    }
}
