package org.chatdissect.store.match;

import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.Signature;

/**
 * The values a {@link FieldSpec#comparesLength() compared length field} may hold in a payload that
 * {@link HeaderSignatures#matches matches} its signature: {@code lo <= value <= hi}, both unsigned and below 2^63.
 * It restates the reference rule {@code requiredLength(sig) <= value + adjust <= max} (value below 2^63) on the
 * value itself, so that compiled matchers and exporters compare the field with two constants and never add (no
 * overflow, no arithmetic in a filter language). UDP signatures additionally need {@code value + adjust} to equal
 * the payload length, which no constant expresses; each implementation checks that itself.
 *
 * <p>{@code hi < lo} when nothing matches (a {@code max} below {@code adjust}; the validator refuses such
 * signatures).
 */
public record LengthRange(long lo, long hi) {
    /** The bounds of field {@code f} (a compared length field) in signature {@code sig}. */
    public static LengthRange of(Signature sig, FieldSpec f) {
        if (!f.comparesLength()) {
            throw new IllegalArgumentException("not a compared length field: " + f);
        }
        long lo = Math.max(0, (long) HeaderSignatures.requiredLength(sig) - f.adjust());
        long hi;
        try {
            hi = Math.subtractExact(f.max(), (long) f.adjust());
        } catch (ArithmeticException e) {
            hi = Long.MAX_VALUE;
        }
        return new LengthRange(lo, Math.min(hi, fieldMax(f.length())));
    }

    /**
     * The largest value a field of {@code length} bytes can hold and still match: {@code 2^(8 length) - 1} below 8
     * bytes, {@code 2^63 - 1} from 8 bytes on (values that do not fit a signed long never match).
     */
    public static long fieldMax(int length) {
        return length >= 8 ? Long.MAX_VALUE : (1L << (8 * length)) - 1;
    }

    /** True when no value matches. */
    public boolean isEmpty() {
        return hi < lo;
    }

    /** Whether the lower bound excludes anything (it is above 0). */
    public boolean boundsBelow() {
        return lo > 0;
    }

    /**
     * Whether the upper bound excludes anything a field of {@code length} bytes can hold: always for 8-byte fields
     * (their top bit must be 0), else when {@code hi} is below the field's largest value.
     */
    public boolean boundsAbove(int length) {
        return length >= 8 || hi < fieldMax(length);
    }
}
