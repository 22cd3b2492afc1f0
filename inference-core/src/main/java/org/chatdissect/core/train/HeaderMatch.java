package org.chatdissect.core.train;

import java.util.Arrays;
import java.util.List;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.model.FieldType;

/** Whether a payload prefix carries a learnt header: its constants and request/response values. */
final class HeaderMatch {
    private HeaderMatch() {}

    /** True when the format has something to match on and every constant and reqresp field matches. */
    static boolean matches(byte[] prefix, List<InferredField> fields) {
        return InferredField.headerMatches(prefix, fields, false);
    }

    /** Whether the header is a request: by its reqresp field when it has one, else by direction. */
    static boolean isRequest(byte[] prefix, List<InferredField> fields, boolean uplink) {
        for (InferredField f : fields) {
            if (f.type() == FieldType.REQRESP && prefix.length >= f.offset() + f.length()) {
                return f.holds(prefix, f.request());
            }
        }
        return uplink;
    }

    static InferredField opcodeField(List<InferredField> fields) {
        for (InferredField f : fields) {
            if (f.type() == FieldType.OPCODE) {
                return f;
            }
        }
        return null;
    }
}
