package org.chatdissect.model;

/**
 * The matching rule of a compared length field, shared by the learnt fields and the stored signatures: the value
 * of a field of {@code len} bytes plus {@code adjust} is the message length, at most {@code maxMessage}. Part of the
 * model, so that the signature model does not reach into the trainer.
 */
public final class LengthRule {
    private LengthRule() {}

    /** Forced zero bits that make a compared length a criterion by itself (as much as three constant bytes). */
    public static final int CRITERION_BITS = 24;

    /**
     * High-order bits a compared length forces to zero: a field of {@code len} bytes whose value stays at most
     * {@code maxMessage - adjust}. With {@link #CRITERION_BITS} or more the length alone can identify a header.
     */
    public static int forcedZeroBits(int len, int adjust, long maxMessage) {
        long room;
        try {
            room = Math.subtractExact(maxMessage, (long) adjust);
        } catch (ArithmeticException e) {
            room = Long.MAX_VALUE; // a negative adjust past Long.MAX_VALUE: 63 bits, as a value above is refused
        }
        if (room < 0) {
            return 8 * len; // max below adjust: nothing matches
        }
        return Math.max(0, 8 * len - (64 - Long.numberOfLeadingZeros(room)));
    }
}
