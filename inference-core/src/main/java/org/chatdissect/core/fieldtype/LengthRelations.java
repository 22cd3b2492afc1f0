package org.chatdissect.core.fieldtype;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.model.FieldType;

/**
 * Turns the paper's length test (a correlation) into a relation a matcher can check: message length = value +
 * {@code adjust}, up to a longest message. Two steps, both only when {@code length.exact_share} is on (improved
 * preset):
 *
 * <ul>
 *   <li>a length field whose value is the message length plus one common offset in at least {@code
 *       length.exact_share} of its messages gets that offset as its relation;
 *   <li>a constant field (two bytes or more) holding a number equal to the message length, or to the bytes that
 *       follow it, in as many messages is a length: every message of the group had the same length, so the
 *       correlation test could not see it (fixed-size audio frames, a message type always sent in full-size
 *       packets). Only those two relations are accepted for a constant: with any offset
 *       allowed, every constant would equal the length plus something.
 * </ul>
 *
 * <p>The longest message accepted is {@code length.max_factor} times the longest seen, rounded up to a power of
 * two: a signature must still match next week's bigger picture, while the high-order bits it leaves at zero are
 * what makes a length-only header (a length-prefixed media stream) specific enough to match on.
 */
public final class LengthRelations {
    private LengthRelations() {}

    /** What length relations read of Table II: {@code length.exact_share}, {@code length.max_factor}. */
    public record Config(double lengthExactShare, double lengthMaxFactor) {
        public static Config of(Parameters p) {
            return new Config(p.lengthExactShare(), p.lengthMaxFactor());
        }
    }

    /** The fields with their relations attached, constants that are lengths retyped; unchanged when off. */
    public static List<InferredField> attach(FieldTypeInference.Sample s, List<InferredField> fields, Config p) {
        double share = p.lengthExactShare();
        if (share <= 0) {
            return fields;
        }
        List<InferredField> out = new ArrayList<>(fields.size());
        for (InferredField f : fields) {
            if (f.type() == FieldType.LENGTH && f.length() <= 8) {
                Relation r = relation(s, f.offset(), f.length(), "little".equals(f.endian()));
                out.add(r.share >= share && r.fitsAdjust() ? f.withLengthRelation((int) r.adjust, maxMessage(s, f, p)) : f);
            } else if (f.type() == FieldType.CONSTANT && f.length() >= 2) {
                out.addAll(splitConstant(s, f, share, p));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The widest span of a constant (two to eight bytes; power-of-two widths first) whose number, in either byte
     * order, is the message length or the count of bytes after it; the constant around it stays constant.
     */
    private static List<InferredField> splitConstant(FieldTypeInference.Sample s, InferredField f, double share,
            Config p) {
        byte[] v = f.values().get(0);
        int bestA = -1;
        int bestB = -1;
        boolean bestLittle = false;
        int bestAdjust = 0;
        for (int w : new int[] {8, 4, 2, 7, 6, 5, 3}) {
            for (int a = 0; a + w <= v.length && bestA < 0; a++) {
                int b = a + w;
                for (boolean little : new boolean[] {false, true}) {
                    long value = number(v, a, w, little);
                    if (value < 0 || bestA >= 0) {
                        continue;
                    }
                    Relation r = relation(s, f.offset() + a, w, little);
                    int end = f.offset() + b;
                    if (r.share >= share && (r.adjust == 0 || r.adjust == end)) {
                        bestA = a;
                        bestB = b;
                        bestLittle = little;
                        bestAdjust = (int) r.adjust;
                    }
                }
            }
            if (bestA >= 0) {
                break;
            }
        }
        if (bestA < 0) {
            return List.of(f);
        }
        List<InferredField> out = new ArrayList<>(3);
        if (bestA > 0) {
            out.add(new InferredField(f.offset(), bestA, FieldType.CONSTANT, List.of(Arrays.copyOfRange(v, 0, bestA)),
                    null, null, null));
        }
        InferredField len = new InferredField(f.offset() + bestA, bestB - bestA, FieldType.LENGTH, List.of(), null,
                null, bestLittle ? "little" : "big");
        out.add(len.withLengthRelation(bestAdjust, maxMessage(s, len, p)));
        if (bestB < v.length) {
            out.add(new InferredField(f.offset() + bestB, v.length - bestB, FieldType.CONSTANT,
                    List.of(Arrays.copyOfRange(v, bestB, v.length)), null, null, null));
        }
        return out;
    }

    /** The most common (message length - value) over the messages holding the span, and its share. */
    private record Relation(long adjust, double share) {
        /** The offset as a field's adjust, when it is one a signature can hold. */
        boolean fitsAdjust() {
            return adjust >= Integer.MIN_VALUE && adjust <= Integer.MAX_VALUE;
        }
    }

    /** Share of the messages whose span, read as a number, is the message length minus one common offset. */
    static double exactShare(FieldTypeInference.Sample s, int start, int len, boolean little) {
        return relation(s, start, len, little).share;
    }

    private static Relation relation(FieldTypeInference.Sample s, int start, int len, boolean little) {
        Long2IntOpenHashMap offsets = new Long2IntOpenHashMap();
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            byte[] pre = s.prefix[i];
            if (pre.length < start + len) {
                continue;
            }
            // read as 64 raw bits: an 8-byte value with its top bit set wraps, and is exact only if all of them do
            long value = 0;
            for (int j = 0; j < len; j++) {
                value = (value << 8) | (pre[start + (little ? len - 1 - j : j)] & 0xff);
            }
            offsets.addTo((long) s.total[i] - value, 1);
            n++;
        }
        long best = 0;
        int top = 0;
        for (Long2IntOpenHashMap.Entry e : offsets.long2IntEntrySet()) {
            // ties go to the smaller offset, so that the result does not depend on hash order
            if (e.getIntValue() > top || e.getIntValue() == top && e.getLongKey() < best) {
                top = e.getIntValue();
                best = e.getLongKey();
            }
        }
        return n == 0 ? new Relation(0, 0) : new Relation(best, top / (double) n);
    }

    /** The unsigned number in {@code b[at, at+len)}, or -1 when it does not fit a signed long. */
    static long number(byte[] b, int at, int len, boolean little) {
        long v = 0;
        for (int j = 0; j < len; j++) {
            int x = b[at + (little ? len - 1 - j : j)] & 0xff;
            if (j == 0 && len == 8 && x >= 0x80) {
                return -1;
            }
            v = (v << 8) | x;
        }
        return v;
    }

    /** {@code length.max_factor} times the longest message holding the field, rounded up to a power of two. */
    private static long maxMessage(FieldTypeInference.Sample s, InferredField f, Config p) {
        double longest = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.prefix[i].length >= f.offset() + f.length()) {
                longest = Math.max(longest, s.total[i]);
            }
        }
        long want = (long) Math.min(Long.MAX_VALUE / 4, Math.ceil(longest * p.lengthMaxFactor()));
        return Long.highestOneBit(Math.max(1, want - 1)) << 1;
    }
}
