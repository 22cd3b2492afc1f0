package org.chatdissect.store.model;

import java.util.List;
import java.util.Objects;
import org.chatdissect.core.model.FieldType;

/**
 * One field of a header signature: {@code length} bytes at {@code offset} of the payload.
 *
 * @param values   constant and opcode fields: the observed values (lower-case hex, {@code length} bytes each);
 *                 empty for the other types
 * @param request  reqresp fields: the value marking a request; null for the other types
 * @param response reqresp fields: the value marking a response; null for the other types
 * @param endian   length and sequence fields: byte order, or null when not stated (read as big endian)
 */
public record FieldSpec(int offset, int length, FieldType type, Endian endian, List<String> values, String request,
        String response) {
    public FieldSpec {
        Objects.requireNonNull(type, "type");
        values = values == null ? List.of() : List.copyOf(values);
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

    /** The first byte after the field. */
    public int end() {
        return offset + length;
    }
}
