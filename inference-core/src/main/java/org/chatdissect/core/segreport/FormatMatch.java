package org.chatdissect.core.segreport;

import java.util.Arrays;
import java.util.List;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.model.FieldType;

/**
 * Whether a payload prefix carries a learnt header: every constant and request/response field matches (the same
 * test the trainer uses to take a format's packets away; kept here so the report does not reach into core.train).
 */
final class FormatMatch {
    private FormatMatch() {}

    static boolean matches(byte[] prefix, List<InferredField> fields) {
        boolean any = false;
        for (InferredField f : fields) {
            int end = f.offset() + f.length();
            if (f.type() != FieldType.CONSTANT && f.type() != FieldType.REQRESP) {
                continue;
            }
            if (prefix.length < end) {
                return false;
            }
            any = true;
            boolean ok = f.type() == FieldType.CONSTANT
                    ? Arrays.equals(prefix, f.offset(), end, f.values().get(0), 0, f.length())
                    : Arrays.equals(prefix, f.offset(), end, f.request(), 0, f.length())
                            || Arrays.equals(prefix, f.offset(), end, f.response(), 0, f.length());
            if (!ok) {
                return false;
            }
        }
        return any;
    }
}
