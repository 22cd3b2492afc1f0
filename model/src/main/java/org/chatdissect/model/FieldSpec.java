package org.chatdissect.model;

import java.util.List;
import java.util.Objects;

/**
 * One field of a header signature: {@code length} bytes at {@code offset} of the payload.
 *
 * @param values   constant and opcode fields: the observed values (lower-case hex, {@code length} bytes each);
 *                 empty for the other types
 * @param request  reqresp fields: the value marking a request; null for the other types
 * @param response reqresp fields: the value marking a response; null for the other types
 * @param endian   length and sequence fields: byte order, or null when not stated (read as big endian)
 * @param adjust   length fields (format version 2): what to add to the field's value to get the message's length
 *                 (0 when it counts the whole message, the field's end when it counts the bytes after it); null
 *                 when not learnt, and then the length is not compared
 * @param max      length fields with {@code adjust}: the longest message the signature accepts; with it the
 *                 length is a criterion (docs/signature-format.md, "Matching")
 * @param mask     a bit field (constant, reqresp or unidentified, one byte long): the bits of the byte it holds, 1 to
 *                 254; its values are the byte's value with the other bits cleared. Null for whole bytes. Several bit
 *                 fields with disjoint masks may share a byte (a flags byte whose bits behave differently)
 */
public record FieldSpec(int offset, int length, FieldType type, Endian endian, List<String> values, String request,
        String response, Integer adjust, Long max, Integer mask) {
    public FieldSpec {
        Objects.requireNonNull(type, "type");
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** A field of whole bytes. */
    public FieldSpec(int offset, int length, FieldType type, Endian endian, List<String> values, String request,
            String response, Integer adjust, Long max) {
        this(offset, length, type, endian, values, request, response, adjust, max, null);
    }

    /** A field without a length relation (every type but a learnt length). */
    public FieldSpec(int offset, int length, FieldType type, Endian endian, List<String> values, String request,
            String response) {
        this(offset, length, type, endian, values, request, response, null, null);
    }

    /** A length field whose value plus {@code adjust} is the message length, up to {@code max} bytes. */
    public static FieldSpec length(int offset, int length, Endian endian, int adjust, long max) {
        return new FieldSpec(offset, length, FieldType.LENGTH, endian, List.of(), null, null, adjust, max);
    }

    /** True for a length field that carries its relation to the message length, so that matching compares it. */
    public boolean comparesLength() {
        return type == FieldType.LENGTH && adjust != null && max != null;
    }

    /**
     * The high-order bits of a {@link #comparesLength() compared} length field that every matching payload has at
     * zero: the field holds at most {@code max - adjust}, so {@code 8 * length - bitLength(max - adjust)} bits (at
     * least 0; all {@code 8 * length} when {@code max < adjust}, which nothing matches). 0 for other fields. This is
     * what a random payload must hit, like the bytes of a constant: {@link Signature#comparedBytes()} counts
     * {@code forcedZeroBits() / 8} bytes for the field.
     */
    public int forcedZeroBits() {
        return comparesLength() ? LengthRule.forcedZeroBits(length, adjust, max) : 0;
    }

    /** This field with other values (every other component kept, the mask of a bit field too). */
    public FieldSpec withValues(List<String> newValues) {
        return new FieldSpec(offset, length, type, endian, newValues, request, response, adjust, max, mask);
    }

    /** This field without its {@code max}: what two learnt groups of one format share (each saw its own longest). */
    public FieldSpec withoutMax() {
        return new FieldSpec(offset, length, type, endian, values, request, response, adjust, null, mask);
    }

    /** This field accepting the longer message of its own {@code max} and {@code other}'s (null-aware). */
    public FieldSpec withWiderMax(FieldSpec other) {
        Long m = max == null ? other.max : other.max == null ? max : Long.valueOf(Math.max(max, other.max));
        return new FieldSpec(offset, length, type, endian, values, request, response, adjust, m, mask);
    }

    public static FieldSpec of(int offset, int length, FieldType type) {
        return new FieldSpec(offset, length, type, null, List.of(), null, null);
    }

    public static FieldSpec constant(int offset, int length, String... values) {
        return new FieldSpec(offset, length, FieldType.CONSTANT, null, List.of(values), null, null);
    }

    public static FieldSpec opcode(int offset, int length, String... values) {
        return new FieldSpec(offset, length, FieldType.OPCODE, null, List.of(values), null, null);
    }

    public static FieldSpec reqresp(int offset, int length, String request, String response) {
        return new FieldSpec(offset, length, FieldType.REQRESP, null, List.of(), request, response);
    }

    /** A bit field of the byte at {@code offset}: the bits of {@code mask} (see the record's {@code mask}). */
    public static FieldSpec bits(int offset, int mask, FieldType type, List<String> values, String request,
            String response) {
        return new FieldSpec(offset, 1, type, null, values, request, response, null, null, mask);
    }

    /** Whether this field holds some bits of one byte rather than whole bytes. */
    public boolean isBitField() {
        return mask != null;
    }

    /** The bits of each byte the field holds: its mask, or all 8 bits. */
    public int byteMask() {
        return mask == null ? 0xff : mask;
    }

    /** Bits of the payload the field holds: 8 per byte, or its mask's bits. */
    public int bitCount() {
        return mask == null ? 8 * length : Integer.bitCount(mask);
    }

    /** The first byte after the field. */
    public int end() {
        return offset + length;
    }
}
