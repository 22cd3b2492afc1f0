package org.chatdissect.match.feedback;

import java.util.Objects;
import java.util.Optional;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.Signature;

/**
 * Whether a header format learnt in feedback is a format the set already has (then only its new opcodes are
 * news) or a new one. Flows left unknown to a known server are mostly the known format with an opcode the
 * signature rejects (UDP lists its opcodes) or a few flows from which VE draws slightly other boundaries, so the
 * test is about the bytes that decide a match, not about equal field lists: the opcode field sits at the same
 * place (or neither has one), at least one compared field (constant, reqresp, or a length field with adjust and max)
 * of the known signature is found at the same place with a shared value (for a length: the same byte order and
 * adjust; its max may differ), and none found there disagrees. Length-prefixed streams with no constant at all (media
 * channels) are thus recognised by their framing.
 */
final class FormatMatch {
    private FormatMatch() {}

    static boolean sameFormat(Signature known, Signature learnt) {
        if (known.flowType() != learnt.flowType() || !known.isHeaderSignature()) {
            return false;
        }
        Optional<FieldSpec> a = known.opcodeField();
        Optional<FieldSpec> b = learnt.opcodeField();
        if (a.isPresent() != b.isPresent()
                || a.isPresent() && (a.get().offset() != b.get().offset() || a.get().length() != b.get().length())) {
            return false;
        }
        int agree = 0;
        for (FieldSpec k : known.fields()) {
            if (k.comparesLength()) {
                FieldSpec l = learnt.fields().stream()
                        .filter(f -> f.offset() == k.offset() && f.length() == k.length() && f.comparesLength())
                        .findFirst().orElse(null);
                if (l != null) {
                    if (order(k) != order(l) || !k.adjust().equals(l.adjust())) {
                        return false;
                    }
                    agree++;
                }
                continue;
            }
            if (k.type() != FieldType.CONSTANT && k.type() != FieldType.REQRESP) {
                continue;
            }
            FieldSpec l = learnt.fields().stream()
                    .filter(f -> f.offset() == k.offset() && f.length() == k.length() && f.type() == k.type())
                    .findFirst().orElse(null);
            if (l == null) {
                continue;
            }
            boolean same = k.type() == FieldType.CONSTANT
                    ? k.values().stream().anyMatch(l.values()::contains)
                    : Objects.equals(k.request(), l.request()) && Objects.equals(k.response(), l.response());
            if (!same) {
                return false;
            }
            agree++;
        }
        return agree > 0;
    }

    private static Endian order(FieldSpec f) {
        return f.endian() == null ? Endian.BIG : f.endian();
    }
}
