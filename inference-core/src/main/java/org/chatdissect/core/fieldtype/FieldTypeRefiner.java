package org.chatdissect.core.fieldtype;

import java.util.Arrays;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.EnumSet;
import java.util.Set;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.model.FieldType;

/**
 * {@code segment.refine=field_types}: corrects VE fields with byte-level type evidence, until nothing changes.
 * <ul>
 * <li>Merge: two adjacent fields whose union (at most {@code ve.max_field_length} bytes) is a length, sequence or
 * request/response field of the same type as one part. A constant part may only join when it is all zero bytes on
 * the high-order side of a length/sequence number (VE cuts off the always-zero high bytes of a 4-byte length that
 * never exceeds 64 KB, because they look like a constant).</li>
 * <li>Trim: a non-constant field loses constant bytes at its edges (a counter or flag never has constant low-order
 * bytes), except zero bytes on the high-order side of length/sequence fields.</li>
 * <li>Split: an opcode-like or unidentified field is cut where both parts get a type and at least one is a strong
 * type (constant, sequence, request/response, length), or where one part is opcode-like although the whole is not;
 * among candidates the longest left part wins (deterministic).</li>
 * <li>Join: two adjacent untyped fields whose values determine each other, one of them opcode-like, are one field
 * (the two bytes of a 16-bit command).</li>
 * <li>Zero top: a numeric field takes the zero bytes of a neighbouring constant on its high-order side when that
 * makes it 2, 4 or 8 bytes wide.</li>
 * <li>Border: a field boundary one byte off an exact length moves onto it (a length's high byte given to the
 * command before it).</li>
 * </ul>
 * An exact length never grows over a neighbour that merely rides on it; a length that is not exact is cut to its
 * exact part on either side.
 */
public final class FieldTypeRefiner {
    private static final Set<FieldType> STRONG =
            EnumSet.of(FieldType.CONSTANT, FieldType.SEQUENCE, FieldType.REQRESP, FieldType.LENGTH);

    /** The widest integer a length field may be. */
    static final int MAX_NUMBER_BYTES = 8;

    private final FieldTypeInference typing;
    private final int maxLen;
    // memo of t(): makes an instance single-threaded (callers create one per learning run)
    private final java.util.Map<Long, FieldTypeInference.Typing> memo = new java.util.HashMap<>();
    private FieldTypeInference.Sample memoFor;

    /** @param maxFieldLength {@code ve.max_field_length}: no refinement makes a field longer */
    public FieldTypeRefiner(FieldTypeInference.Config typing, int maxFieldLength) {
        this.typing = new FieldTypeInference(typing);
        this.maxLen = maxFieldLength;
    }

    public Segmentation refine(FieldTypeInference.Sample s, Segmentation seg) {
        IntArrayList starts = new IntArrayList(seg.starts());
        int length = seg.length();
        for (int round = 0; round < 4 * length; round++) {
            if (!(mergeLength(s, starts, length) || merge(s, starts, length) || trim(s, starts, length)
                    || split(s, starts, length)
                    || isolateConstant(s, starts, length)
                    || mergeOneToOne(s, starts, length)
                    || mergeDetermined(s, starts, length)
                    || zeroTop(s, starts, length)
                    || exactLengthBorder(s, starts, length))) {
                break;
            }
        }
        isolateFlags(s, starts, length);
        return new Segmentation(length, starts.subList(1, starts.size()).toIntArray());
    }

    /**
     * A flags byte ({@link BitFlags}) is a field of its own, typed bit by bit: glued to a command byte it made a wider
     * "opcode" with a value per combination of flags, so that every task had dozens of opcodes. Applied after the
     * other rules, which judge whole bytes and may glue it again.
     */
    private void isolateFlags(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i < starts.size(); i++) {
            int f0 = starts.getInt(i);
            int f1 = end(starts, i, length);
            for (int p = f0; f1 - f0 >= 2 && p < f1; p++) {
                if (t(s, p, p + 1).flags != null) {
                    if (p + 1 < f1) {
                        starts.add(i + 1, p + 1);
                    }
                    if (p > f0) {
                        starts.add(i + 1, p);
                    }
                    break; // the fields after the cut are visited next
                }
            }
        }
    }

    private static int end(IntArrayList starts, int i, int length) {
        return i + 1 < starts.size() ? starts.getInt(i + 1) : length;
    }

    /**
     * Typing of one byte range, memoized per sample: the merge/trim/split rounds ask for the same ranges again and
     * again, and each answer is a pass over every message (the refiner dominated training time at 10^6 messages).
     * Typing is a pure function of (sample, range), so results are unchanged.
     */
    private FieldTypeInference.Typing t(FieldTypeInference.Sample s, int start, int end) {
        if (memoFor != s) {
            memo.clear();
            memoFor = s;
        }
        long key = ((long) start << 32) | end;
        FieldTypeInference.Typing hit = memo.get(key);
        if (hit == null) {
            hit = typing.type(s, start, end - start);
            memo.put(key, hit);
        }
        return hit;
    }

    private boolean merge(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i + 1 < starts.size(); i++) {
            int a0 = starts.getInt(i);
            int b0 = starts.getInt(i + 1);
            int b1 = end(starts, i + 1, length);
            if (b1 - a0 > maxLen) {
                continue;
            }
            var a = t(s, a0, b0);
            var b = t(s, b0, b1);
            var m = t(s, a0, b1);
            boolean ok;
            if (a.type == FieldType.CONSTANT || b.type == FieldType.CONSTANT) {
                boolean numeric = m.type == FieldType.LENGTH || m.type == FieldType.SEQUENCE;
                ok = numeric && (a.type == FieldType.CONSTANT && b.type != FieldType.CONSTANT && isZero(a.constant)
                                && "big".equals(m.endian)
                        || b.type == FieldType.CONSTANT && a.type != FieldType.CONSTANT && isZero(b.constant)
                                && "little".equals(m.endian));
            } else if (a.session && b.session) {
                // two halves of one session value (an account number that VE cut in two) are one field
                ok = m.session;
            } else {
                // a counter whose low byte steps far is typed as one only whole: neither part alone is a sequence,
                // but the cut separates a byte from its carry
                boolean carried = m.type == FieldType.SEQUENCE && ("little".equals(m.endian)
                        ? FieldTypeInference.carries(s, b0, b0 - 1) : FieldTypeInference.carries(s, b0 - 1, b0));
                ok = (m.type == FieldType.LENGTH || m.type == FieldType.SEQUENCE || m.type == FieldType.REQRESP)
                        && (m.type == a.type || m.type == b.type || carried);
                if (ok && m.type == FieldType.LENGTH && !exact(s, a0, b1, m)) {
                    // an exact length does not take in its neighbour (splitLength cut it off)
                    ok = !(a.type == FieldType.LENGTH && exact(s, a0, b0, a) || b.type == FieldType.LENGTH
                            && exact(s, b0, b1, b));
                }
                if (ok && m.type == FieldType.SEQUENCE) {
                    // the high-order side of a counter is flow-specific; a byte constant in each flow but
                    // shared by many flows is a label (a per-flow content type), not the counter's top
                    boolean big = !"little".equals(m.endian);
                    // unless it is seen carrying: then it is the counter's top, however many flows share its value
                    ok = carried || !sharedLabel(s, big ? a0 : b0, big ? b0 : b1);
                }
            }
            if (ok) {
                starts.removeInt(i + 1);
                return true;
            }
        }
        return false;
    }

    /**
     * A length field can only be grown as a whole: its low two bytes alone stop correlating with the
     * message size once messages pass 64 KiB, so pairwise merging never reaches a 4-byte length's top. The
     * narrowest span of weak fields (up to 8 bytes, the widest integer: a C {@code long} written as is) whose value is a length wins: a wider one still correlates when the
     * bytes added on its low-order side are another field (a length followed by a sequence number),
     * because they hardly move a number whose high bytes are the length. Zero high-order bytes join afterwards
     * ({@link #merge}).
     */
    private boolean mergeLength(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i < starts.size(); i++) {
            int a0 = starts.getInt(i);
            if (t(s, a0, end(starts, i, length)).type == FieldType.LENGTH) {
                continue; // already a length: only zero bytes may join it, and merge() does that
            }
            for (int j = i + 1; j < starts.size(); j++) {
                int b1 = end(starts, j, length);
                if (b1 - a0 > MAX_NUMBER_BYTES) {
                    continue;
                }
                boolean weakParts = true;
                boolean exactPart = false;
                for (int k = i; k <= j && weakParts; k++) {
                    int p0 = starts.getInt(k);
                    int p1 = end(starts, k, length);
                    var part = t(s, p0, p1);
                    weakParts = !STRONG.contains(part.type) || part.type == FieldType.LENGTH
                            || part.type == FieldType.CONSTANT && isZero(part.constant);
                    exactPart |= part.type == FieldType.LENGTH && exact(s, p0, p1, part);
                }
                var merged = t(s, a0, b1);
                // an exact length does not take in a neighbour that only rides on it (a command byte on the
                // low-order side of a little-endian length still correlates); merge() lets its zero bytes join
                if (weakParts && merged.type == FieldType.LENGTH && (!exactPart || exact(s, a0, b1, merged))) {
                    starts.removeElements(i + 1, j + 1);
                    return true;
                }
            }
        }
        return false;
    }

    /** Widest opcode {@link #mergeOneToOne} builds. */
    static final int MAX_OPCODE_BYTES = 4;

    /**
     * Two adjacent untyped fields whose values determine each other (each value of one goes with exactly one value
     * of the other, at least three of each) are one field: the two bytes of a 16-bit command that VE cut apart,
     * each alone as good a message-type key as both, which the other rules leave apart.
     */
    private boolean mergeOneToOne(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        return mergeKeyPair(s, starts, length, (a0, b0, b1, a, b) -> {
            Dependence d = dependence(s, a0, b0, b1);
            return d.aFixesB() && d.bFixesA() && d.aValues() >= 3;
        });
    }

    /** Whether two adjacent untyped fields at [a0, b0) and [b0, b1), typed a and b, are one message-type key. */
    private interface KeyPair {
        boolean joins(int a0, int b0, int b1, FieldTypeInference.Typing a, FieldTypeInference.Typing b);
    }

    /**
     * Joins the first pair of adjacent untyped fields, neither a session value, one of them a message-type key, at
     * most {@link #MAX_OPCODE_BYTES} wide together, that {@code rule} joins and whose whole is a key too.
     */
    private boolean mergeKeyPair(FieldTypeInference.Sample s, IntArrayList starts, int length, KeyPair rule) {
        for (int i = 0; i + 1 < starts.size(); i++) {
            int a0 = starts.getInt(i);
            int b0 = starts.getInt(i + 1);
            int b1 = end(starts, i + 1, length);
            if (b1 - a0 > MAX_OPCODE_BYTES) {
                continue;
            }
            var a = t(s, a0, b0);
            var b = t(s, b0, b1);
            if (a.type != FieldType.UNIDENTIFIED || b.type != FieldType.UNIDENTIFIED || a.session || b.session
                    || !(a.opcodeLike || b.opcodeLike)) {
                continue;
            }
            if (rule.joins(a0, b0, b1, a, b) && t(s, a0, b1).opcodeLike) {
                starts.removeInt(i + 1);
                return true;
            }
        }
        return false;
    }

    /**
     * Two adjacent untyped fields, one of them a message-type key, where one fixes the value of the other (each value
     * of it goes with one value of the other, which takes at least two) are one field when the whole is a key too: the
     * high byte of a little-endian 16-bit command (or the low byte of a big-endian one) whose values the other byte
     * already tells apart, which {@link #mergeOneToOne} leaves apart because the dependence runs one way only.
     */
    private boolean mergeDetermined(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        return mergeKeyPair(s, starts, length, (a0, b0, b1, a, b) -> {
            Dependence d = dependence(s, a0, b0, b1);
            return a.opcodeLike && d.aFixesB() && d.bValues() >= 2 || b.opcodeLike && d.bFixesA() && d.aValues() >= 2;
        });
    }

    /**
     * How adjacent parts [a0, b0) and [b0, b1) go together over the messages holding both: whether each value of one
     * goes with a single value of the other, and how many values each takes.
     */
    private record Dependence(boolean aFixesB, boolean bFixesA, int aValues, int bValues) {}

    /** One pass; parts of at most {@link #MAX_OPCODE_BYTES} bytes, read as numbers: no string per message. */
    private static Dependence dependence(FieldTypeInference.Sample s, int a0, int b0, int b1) {
        it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap ab = new it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap();
        it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap ba = new it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap();
        ab.defaultReturnValue(-1);
        ba.defaultReturnValue(-1);
        boolean aFixesB = true;
        boolean bFixesA = true;
        for (byte[] p : s.prefix) {
            if (p.length < b1) {
                continue;
            }
            long x = number(p, a0, b0);
            long y = number(p, b0, b1);
            long seenY = ab.putIfAbsent(x, y);
            long seenX = ba.putIfAbsent(y, x);
            aFixesB &= seenY == -1 || seenY == y;
            bFixesA &= seenX == -1 || seenX == x;
        }
        return new Dependence(aFixesB, bFixesA, ab.size(), ba.size());
    }

    private static long number(byte[] p, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = (v << 8) | (p[i] & 0xff);
        }
        return v;
    }

    private boolean trim(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i < starts.size(); i++) {
            int f0 = starts.getInt(i);
            int f1 = end(starts, i, length);
            if (f1 - f0 < 2) {
                continue;
            }
            var whole = t(s, f0, f1);
            if (whole.type == FieldType.CONSTANT) {
                continue;
            }
            boolean numeric = whole.type == FieldType.LENGTH || whole.type == FieldType.SEQUENCE;
            var first = t(s, f0, f0 + 1);
            if (first.type == FieldType.CONSTANT
                    && !(numeric && "big".equals(whole.endian) && isZero(first.constant))) {
                starts.add(i + 1, f0 + 1);
                return true;
            }
            var last = t(s, f1 - 1, f1);
            if (last.type == FieldType.CONSTANT
                    && !(numeric && "little".equals(whole.endian) && isZero(last.constant))) {
                starts.add(i + 1, f1 - 1);
                return true;
            }
        }
        return false;
    }

    /**
     * Splits an untyped field at its best cut: both halves typed with one strong (a command byte beside a
     * counter), then a cut exposing an opcode, then one exposing a constant, then any cut with one strong
     * half. Taking the first acceptable cut instead would let an easy cut hide a better one.
     */
    private boolean split(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i < starts.size(); i++) {
            int f0 = starts.getInt(i);
            int f1 = end(starts, i, length);
            if (f1 - f0 < 2) {
                continue;
            }
            var whole = t(s, f0, f1);
            if (whole.type == FieldType.LENGTH && splitLength(s, starts, i, f0, f1, whole)) {
                return true;
            }
            if (STRONG.contains(whole.type) || whole.session) {
                continue;
            }
            int bestK = -1;
            int bestRank = Integer.MAX_VALUE;
            int bestScore = Integer.MIN_VALUE;
            for (int k = f1 - 1; k > f0; k--) {
                // never between a byte and its carry: they are one counter (a sequence number's high byte next to
                // a command byte looks like part of an opcode until the low byte wraps)
                if (FieldTypeInference.carries(s, k - 1, k) || FieldTypeInference.carries(s, k, k - 1)) {
                    continue;
                }
                var l = t(s, f0, k);
                var r = t(s, k, f1);
                // a session value (constant within flows, not across them) is typed for this purpose: cutting
                // a field where one side is a whole account number is as good as exposing a command byte
                boolean lStrong = strong(s, l);
                boolean rStrong = strong(s, r);
                boolean lTyped = lStrong || l.opcodeLike || l.session;
                boolean rTyped = rStrong || r.opcodeLike || r.session;
                boolean strong = lStrong || rStrong;
                int rank;
                if (lTyped && rTyped && strong) {
                    rank = 0;
                } else if (!whole.opcodeLike && (l.opcodeLike || r.opcodeLike)) {
                    rank = 1;
                } else if (l.type == FieldType.CONSTANT || r.type == FieldType.CONSTANT) {
                    // a magic byte inside an untyped run (between two random bytes) is worth a field of its own
                    rank = 2;
                } else if (strong) {
                    // one strong half is enough: the other half stays unidentified, which it was already
                    rank = 3;
                } else {
                    continue;
                }
                // within a rank the longest left part wins, except when a cut exposes an opcode-like part: then
                // the shortest such part that is not a session value (a lone account-number byte has a low
                // entropy too) wins, as it glues the fewest other bytes to the command (the command byte,
                // not the command byte with the high byte of a sequence number after it)
                int score = 0;
                if (rank <= 1 && (l.opcodeLike || r.opcodeLike)) {
                    var op = l.opcodeLike && !strong(s, l) ? l : r;
                    score = (op.session ? 0 : 1000) - op.len;
                }
                if (rank < bestRank || rank == bestRank && score > bestScore) {
                    bestRank = rank;
                    bestK = k;
                    bestScore = score;
                }
            }
            if (bestK > 0) {
                starts.add(i + 1, bestK);
                return true;
            }
        }
        return false;
    }

    private static boolean exact(FieldTypeInference.Sample s, int f0, int f1, FieldTypeInference.Typing t) {
        return FieldTypeInference.exactLengthShare(s, f0, f1 - f0, "little".equals(t.endian)) >= EXACT_LENGTH_SHARE;
    }

    /** Share of messages a length must count exactly to cut a wider inexact length down to it. */
    static final double EXACT_LENGTH_SHARE = 0.95;

    /**
     * A length field that is not exact but whose high-order part is (a 2-byte length followed by the top of a
     * sequence number, typed as one 4-byte length) is cut down to that part: its narrowest high-order
     * prefix (big endian) or suffix (little endian) that counts the message's bytes exactly.
     */
    private boolean splitLength(FieldTypeInference.Sample s, IntArrayList starts, int i, int f0, int f1,
            FieldTypeInference.Typing whole) {
        boolean little = "little".equals(whole.endian);
        if (FieldTypeInference.exactLengthShare(s, f0, f1 - f0, little) >= EXACT_LENGTH_SHARE) {
            return false;
        }
        for (int w = 1; w < f1 - f0; w++) {
            int a = little ? f1 - w : f0;
            if (FieldTypeInference.exactLengthShare(s, a, w, little) >= EXACT_LENGTH_SHARE) {
                starts.add(i + 1, little ? f1 - w : f0 + w);
                return true;
            }
        }
        // then the low-order side: a little-endian length followed by another field (its bytes become the high-order
        // ones of the number read), or a big-endian one preceded by one
        for (int w = 2; w < f1 - f0; w++) {
            int a = little ? f0 : f1 - w;
            if (FieldTypeInference.exactLengthShare(s, a, w, little) >= EXACT_LENGTH_SHARE) {
                starts.add(i + 1, little ? f0 + w : f1 - w);
                return true;
            }
        }
        return false;
    }

    /**
     * A field boundary one byte off an exact length moves onto it: the high byte of a big-endian length that VE gave
     * to the command before it, or the low byte of a little-endian one given to the field after it. The length must
     * be exact with the byte and not without it.
     */
    private boolean exactLengthBorder(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i + 1 < starts.size(); i++) {
            int a0 = starts.getInt(i);
            int b0 = starts.getInt(i + 1);
            int b1 = end(starts, i + 1, length);
            // the left field's last byte and the narrowest span after it that make an exact length
            if (b0 - a0 >= 2 && !exactFrom(s, b0, b1)) {
                for (int w = 2; w <= MAX_NUMBER_BYTES && b0 - 1 + w <= b1; w++) {
                    if (exactEither(s, b0 - 1, b0 - 1 + w)) {
                        starts.set(i + 1, b0 - 1);
                        if (b0 - 1 + w < b1) {
                            starts.add(i + 2, b0 - 1 + w);
                        }
                        return true;
                    }
                }
            }
            // the right field's first byte and the narrowest span before it
            if (b1 - b0 >= 2 && !exactTo(s, a0, b0)) {
                for (int w = 2; w <= MAX_NUMBER_BYTES && b0 + 1 - w >= a0; w++) {
                    if (exactEither(s, b0 + 1 - w, b0 + 1)) {
                        starts.set(i + 1, b0 + 1);
                        if (b0 + 1 - w > a0) {
                            starts.add(i + 1, b0 + 1 - w);
                        }
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether some span starting at {@code f0} (at most to {@code f1}) is an exact length. */
    private boolean exactFrom(FieldTypeInference.Sample s, int f0, int f1) {
        for (int e = f0 + 2; e <= Math.min(f1, f0 + MAX_NUMBER_BYTES); e++) {
            if (exactEither(s, f0, e)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some span ending at {@code f1} (starting at {@code f0} or later) is an exact length. */
    private boolean exactTo(FieldTypeInference.Sample s, int f0, int f1) {
        for (int b = f1 - 2; b >= Math.max(f0, f1 - MAX_NUMBER_BYTES); b--) {
            if (exactEither(s, b, f1)) {
                return true;
            }
        }
        return false;
    }

    private boolean exactEither(FieldTypeInference.Sample s, int f0, int f1) {
        var t = t(s, f0, f1);
        return t.type == FieldType.LENGTH && f1 - f0 >= 2 && exact(s, f0, f1, t);
    }

    /**
     * A strong type, for choosing a cut: a counter whose high bytes are mostly a session value (constant within
     * flows, not zero: a counter's low byte read little endian with a whole account number after it) explains one
     * moving byte and is no stronger evidence than an opcode-like byte.
     */
    private static boolean strong(FieldTypeInference.Sample s, FieldTypeInference.Typing t) {
        if (!STRONG.contains(t.type)) {
            return false;
        }
        if (t.type != FieldType.SEQUENCE) {
            return true;
        }
        boolean big = !"little".equals(t.endian);
        return FieldTypeInference.sessionTopBytes(s, big ? t.start : t.start + t.len - 1, big ? 1 : -1, t.len)
                < MAX_SESSION_TOP_BYTES;
    }

    /**
     * A counter or length whose high-order bytes never left zero in the capture (a block number below 256 behind a
     * two-byte command) looks like a constant's last zero bytes to VE and to typing; {@link #merge} only takes in a
     * neighbour that is all zero. When the constant ends (big-endian side) or starts (little-endian side) with zero
     * bytes and taking some of them gives the numeric field the width of a machine integer (2, 4 or 8 bytes) with its
     * type unchanged, the boundary moves to give them; the fewest bytes that reach such a width win.
     */
    private boolean zeroTop(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i + 1 < starts.size(); i++) {
            int a0 = starts.getInt(i);
            int b0 = starts.getInt(i + 1);
            int b1 = end(starts, i + 1, length);
            var a = t(s, a0, b0);
            var b = t(s, b0, b1);
            if (a.type == FieldType.CONSTANT && numeric(b.type)) {
                int zeros = 0;
                while (zeros < a.len - 1 && a.constant[a.len - 1 - zeros] == 0) {
                    zeros++;
                }
                for (int z = 1; z <= zeros; z++) {
                    int w = b1 - b0 + z;
                    var m = t(s, b0 - z, b1);
                    if (machineWidth(w) && w <= maxLen && m.type == b.type && !"little".equals(m.endian)) {
                        starts.set(i + 1, b0 - z);
                        return true;
                    }
                }
            } else if (b.type == FieldType.CONSTANT && numeric(a.type)) {
                int zeros = 0;
                while (zeros < b.len - 1 && b.constant[zeros] == 0) {
                    zeros++;
                }
                for (int z = 1; z <= zeros; z++) {
                    int w = b0 - a0 + z;
                    var m = t(s, a0, b0 + z);
                    if (machineWidth(w) && w <= maxLen && m.type == a.type && "little".equals(m.endian)) {
                        starts.set(i + 1, b0 + z);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean numeric(FieldType t) {
        return t == FieldType.SEQUENCE || t == FieldType.LENGTH;
    }

    private static boolean machineWidth(int w) {
        return w == 2 || w == 4 || w == 8;
    }

    /** See {@link #strong}: a counter may keep one flow-constant high byte above its first (a 24-bit counter). */
    static final int MAX_SESSION_TOP_BYTES = 2;

    /**
     * A constant byte inside an untyped run (between two random bytes) gets a field
     * of its own; {@link #split} only sees halves, and neither half of such a run is typed.
     */
    private boolean isolateConstant(FieldTypeInference.Sample s, IntArrayList starts, int length) {
        for (int i = 0; i < starts.size(); i++) {
            int f0 = starts.getInt(i);
            int f1 = end(starts, i, length);
            if (f1 - f0 < 3 || STRONG.contains(t(s, f0, f1).type)) {
                continue;
            }
            for (int k = f0 + 1; k < f1 - 1; k++) {
                if (t(s, k, k + 1).type == FieldType.CONSTANT) {
                    starts.add(i + 1, k);
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Constant within (nearly) every flow, yet the same few values across many flows. A flow counts as
     * constant when 95% of its messages carry its most common value: a packet of another format that
     * shares the anchor bytes must not hide the label.
     */
    static boolean sharedLabel(FieldTypeInference.Sample s, int start, int end) {
        // a flow of one or two exchanges (a UDP flow cut by the idle timeout) is constant in everything
        FlowGroups g = FlowGroups.of(s, start, end, false, FieldTypeInference.MIN_FLOW_MESSAGES, 0.95);
        return g.groups >= 4 && g.fixed >= 0.9 * g.groups && g.values() * 2 <= g.fixed;
    }

    private static boolean isZero(byte[] v) {
        for (byte b : v) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
