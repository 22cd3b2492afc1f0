package org.chatdissect.core.fieldtype;

import java.util.HexFormat;
import java.util.List;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.LengthRule;

/**
 * One typed field. {@code values} holds the constant value, or the distinct opcode values (sorted unsigned), and is
 * empty otherwise; {@code request}/{@code response} are set for request/response fields; {@code endian} ("big" or
 * "little") for length and sequence fields, else null. {@code mask}, for a bit field of a flags byte (one byte long),
 * is the bits it holds, and its values hold no other bit ({@link BitFlags}); null for whole bytes.
 */
public record InferredField(int offset, int length, FieldType type, List<byte[]> values, byte[] request,
                            byte[] response, String endian, Integer adjust, Long maxMessage, Integer mask) {
    public InferredField {
        values = values.stream().map(byte[]::clone).toList();
        request = request == null ? null : request.clone();
        response = response == null ? null : response.clone();
    }

    /** A field without a learnt length relation. */
    public InferredField(int offset, int length, FieldType type, List<byte[]> values, byte[] request,
            byte[] response, String endian) {
        this(offset, length, type, values, request, response, endian, null, null, null);
    }

    /** A bit field: the bits {@code mask} of the byte at {@code offset}. */
    public static InferredField bits(int offset, int mask, FieldType type, List<byte[]> values, byte[] request,
            byte[] response) {
        return new InferredField(offset, 1, type, values, request, response, null, null, null, mask);
    }

    /** Whether the field's bytes in {@code prefix} (its mask's bits, for a bit field) are {@code value}. */
    public boolean holds(byte[] prefix, byte[] value) {
        int end = offset + length;
        if (prefix.length < end) {
            return false;
        }
        if (mask != null) {
            return (prefix[offset] & mask) == (value[0] & 0xff);
        }
        return java.util.Arrays.equals(prefix, offset, end, value, 0, length);
    }

    /**
     * This length field with its relation to the message: message length = value + {@code adjust} in (nearly)
     * every message, and {@code maxMessage} the longest message the format accepts.
     */
    public InferredField withLengthRelation(int adjust, long maxMessage) {
        return new InferredField(offset, length, type, values, request, response, endian, adjust, maxMessage, mask);
    }

    @Override
    public List<byte[]> values() {
        return values.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] request() {
        return request == null ? null : request.clone();
    }

    @Override
    public byte[] response() {
        return response == null ? null : response.clone();
    }

    /** Whether the bytes of {@code prefix} at this field's offset are one of its values (false when too short). */
    public boolean hasValue(byte[] prefix) {
        for (byte[] v : values) {
            if (holds(prefix, v)) {
                return true;
            }
        }
        return false;
    }

    /** A length field with its relation to the message length, which matching compares. */
    public boolean comparesLength() {
        return type == FieldType.LENGTH && adjust != null && maxMessage != null;
    }

    /**
     * Something a header can be recognised by: a constant, a request/response value, or a compared length that
     * forces enough high-order bits to zero ({@link LengthRule#CRITERION_BITS}).
     */
    public boolean isCriterion() {
        return type == FieldType.CONSTANT || type == FieldType.REQRESP || comparesLength()
                && LengthRule.forcedZeroBits(length, adjust, maxMessage) >= LengthRule.CRITERION_BITS;
    }

    /** e.g. {@code 4-7 constant 00100001}, for logs and test messages. */
    @Override
    public String toString() {
        HexFormat h = HexFormat.of();
        String pos = (length == 1 ? Integer.toString(offset) : offset + "-" + (offset + length - 1))
                + (mask == null ? "" : String.format("&%02x", mask));
        String extra = switch (type) {
            case CONSTANT -> " " + h.formatHex(values.get(0));
            case REQRESP -> " " + h.formatHex(request) + "/" + h.formatHex(response);
            case LENGTH -> " " + endian + (adjust == null ? "" : (adjust >= 0 ? " +" : " ") + adjust + " <=" + maxMessage);
            case SEQUENCE -> " " + endian;
            case OPCODE -> " x" + values.size();
            default -> "";
        };
        return pos + " " + type.jsonName() + extra;
    }

    /**
     * Whether a payload prefix carries a header of these fields: it has something to compare (a constant or
     * request/response field) and every such field matches.
     *
     * @param zeroConstantsOptional skip all-zero constants (while re-labelling packets, see {@link FormatLearner})
     */
    public static boolean headerMatches(byte[] prefix, List<InferredField> fields, boolean zeroConstantsOptional) {
        boolean any = false;
        for (InferredField f : fields) {
            if (f.comparesLength()) {
                // a compared length bounds the message (as the store's TCP rule: the segment may be a part of it)
                if (prefix.length < f.offset() + f.length()) {
                    return false;
                }
                long v = LengthRelations.number(prefix, f.offset(), f.length(), "little".equals(f.endian()));
                if (v < 0 || v + f.adjust() < f.offset() + f.length() || v + f.adjust() > f.maxMessage()) {
                    return false;
                }
                any |= f.isCriterion();
                continue;
            }
            if (f.type() != FieldType.CONSTANT && f.type() != FieldType.REQRESP) {
                continue;
            }
            byte[] first = f.type() == FieldType.CONSTANT ? f.values.get(0) : f.request;
            if (zeroConstantsOptional && f.type() == FieldType.CONSTANT && java.util.Arrays.equals(first, new byte[first.length])) {
                continue;
            }
            int end = f.offset() + f.length();
            if (prefix.length < end) {
                return false;
            }
            any = true;
            boolean hit = f.holds(prefix, first) || f.type() == FieldType.REQRESP && f.holds(prefix, f.response);
            if (!hit) {
                return false;
            }
        }
        return any;
    }
}
