package org.chatdissect.store.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;

/**
 * The union of two signature sets; on a conflict the first set wins.
 *
 * <ul>
 *   <li>signatures only in one set are kept (the first set's in its order, then the second's new ones in theirs);
 *   <li>a signature in both sets with the same shape (flow type, scope, fields other than opcode values and the
 *       {@code max} of length fields) is merged: opcode field values, opcodes, keywords (by field and value) and
 *       servers are united, a length field keeps the larger {@code max} (the union of the messages both accept);
 *       status, provenance, keyword coverage and order come from the first set;
 *   <li>conflicts, reported one line each: the same signature with another shape (the first set's is kept whole);
 *       the same opcode with another meaning, the same keyword with another task (the first set's is kept).
 * </ul>
 */
public final class SignatureMerge {
    /** The merged set and the conflicts, in the order found. */
    public record Result(SignatureSet merged, List<String> conflicts) {}

    private SignatureMerge() {}

    /** {@code firstName} and {@code secondName} name the sets in conflict lines. */
    public static Result merge(SignatureSet a, SignatureSet b, String firstName, String secondName) {
        Map<String, Signature> out = new LinkedHashMap<>();
        a.signatures().forEach(s -> out.put(s.id(), s));
        List<String> conflicts = new ArrayList<>();
        for (Signature y : b.signatures()) {
            Signature x = out.get(y.id());
            if (x == null) {
                out.put(y.id(), y);
            } else if (!x.equals(y)) {
                out.put(y.id(), merge(x, y, firstName, secondName, conflicts));
            }
        }
        return new Result(SignatureSet.of(new ArrayList<>(out.values())), conflicts);
    }

    private static Signature merge(Signature x, Signature y, String an, String bn, List<String> conflicts) {
        String id = x.id();
        if (x.flowType() != y.flowType() || x.scope() != y.scope() || !shape(x).equals(shape(y))) {
            conflicts.add("conflict: " + id + ": " + (x.flowType() != y.flowType() ? "flow types" : x.scope()
                    != y.scope() ? "scopes" : "fields") + " differ between " + an + " and " + bn + "; keeping " + an
                    + "'s signature");
            return x;
        }
        List<FieldSpec> fields = new ArrayList<>();
        for (int i = 0; i < x.fields().size(); i++) {
            FieldSpec f = x.fields().get(i);
            if (f.type() == FieldType.OPCODE) {
                LinkedHashSet<String> v = new LinkedHashSet<>(f.values());
                v.addAll(y.fields().get(i).values());
                f = f.withValues(new ArrayList<>(v));
            } else if (f.type() == FieldType.LENGTH && !java.util.Objects.equals(f.max(), y.fields().get(i).max())) {
                f = f.withWiderMax(y.fields().get(i));
            }
            fields.add(f);
        }
        TreeMap<String, OpcodeInfo> ops = new TreeMap<>(x.opcodes());
        for (Map.Entry<String, OpcodeInfo> e : y.opcodes().entrySet()) {
            OpcodeInfo mine = ops.putIfAbsent(e.getKey(), e.getValue());
            if (mine != null && !mine.equals(e.getValue())) {
                conflicts.add("conflict: " + id + ": opcode " + e.getKey() + " is " + SignatureDiff.describe(mine)
                        + " in " + an + " and " + SignatureDiff.describe(e.getValue()) + " in " + bn + "; keeping "
                        + an + "'s");
            }
        }
        List<Keyword> kws = new ArrayList<>(x.keywords());
        for (Keyword k : y.keywords()) {
            Keyword mine = kws.stream().filter(m -> m.field() == k.field() && m.value().equals(k.value()))
                    .findFirst().orElse(null);
            if (mine == null) {
                kws.add(k);
            } else if (!java.util.Objects.equals(mine.task(), k.task())) {
                conflicts.add("conflict: " + id + ": keyword " + k.field().jsonName() + " \"" + k.value()
                        + "\" names task " + task(mine.task()) + " in " + an + " and " + task(k.task()) + " in " + bn
                        + "; keeping " + an + "'s");
            }
        }
        LinkedHashSet<Server> servers = new LinkedHashSet<>(x.servers());
        servers.addAll(y.servers());
        LinkedHashSet<org.chatdissect.model.Association> assoc = new LinkedHashSet<>(x.associations());
        assoc.addAll(y.associations());
        return new Signature(x.app(), x.name(), x.flowType(), x.scope(), x.status(), fields, ops, kws,
                new ArrayList<>(servers), new ArrayList<>(assoc), x.provenance() != null ? x.provenance()
                : y.provenance());
    }

    private static String task(String t) {
        return t == null ? "none" : "\"" + t + "\"";
    }

    /** The fields without opcode values and length maxima, which merging unites. */
    private static List<FieldSpec> shape(Signature s) {
        return s.fields().stream()
                .map(f -> switch (f.type()) {
                    case OPCODE -> new FieldSpec(f.offset(), f.length(), f.type(), f.endian(), List.of(), f.request(),
                            f.response());
                    case LENGTH -> new FieldSpec(f.offset(), f.length(), f.type(), f.endian(), f.values(), f.request(),
                            f.response(), f.adjust(), null);
                    case CONSTANT, SEQUENCE, REQRESP, UNIDENTIFIED -> f;
                })
                .toList();
    }
}
