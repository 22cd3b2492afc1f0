package org.chatdissect.core.segreport;

import java.util.List;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.model.FieldType;

/**
 * One field of a segmented message: where it lies inside the scope and what type its protocol group gave it. A length
 * field with a relation to its message (improved preset: {@code LengthRelations}, or a length-prefix framing) also has
 * its byte order, {@code adjust} (message length = value + adjust) and {@code max} (longest message accepted); other
 * fields have null there. A bit field of a flags byte ({@code core.fieldtype.BitFlags}) has its {@code mask}; several
 * rows then share the byte.
 */
public record FieldRow(int offset, int length, FieldType type, String endian, Integer adjust, Long max, Integer mask) {
    /** A field without a length relation. */
    public FieldRow(int offset, int length, FieldType type) {
        this(offset, length, type, null, null, null, null);
    }

    /** A field of whole bytes. */
    public FieldRow(int offset, int length, FieldType type, String endian, Integer adjust, Long max) {
        this(offset, length, type, endian, adjust, max, null);
    }

    /** The rows of learnt fields, as the report shows them. */
    public static List<FieldRow> of(List<InferredField> fields) {
        return fields.stream().map(f -> new FieldRow(f.offset(), f.length(), f.type(),
                f.adjust() == null ? null : f.endian(), f.adjust(), f.adjust() == null ? null : f.maxMessage(),
                f.mask())).toList();
    }
}
