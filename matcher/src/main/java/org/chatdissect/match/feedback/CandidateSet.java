package org.chatdissect.match.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.model.TaskKind;

/**
 * The signature set as feedback grows it: what is new goes in, marked {@link Status#UNREVIEWED}, and every
 * addition is recorded. A known signature that gains an opcode or keyword becomes unreviewed as a whole, because
 * status is per signature in the file format; {@code signatures diff} against the input shows exactly what was
 * added. Nothing is ever removed or changed: the input's opcodes, keywords and names stay as they were.
 */
final class CandidateSet {
    private static final Comparator<Keyword> KEYWORD_ORDER =
            Comparator.comparing((Keyword k) -> k.field().jsonName()).thenComparing(Keyword::value);

    private final Map<String, Signature> byId = new LinkedHashMap<>();
    private final int round;
    private final List<Addition> additions = new ArrayList<>();

    CandidateSet(SignatureSet start, int round) {
        start.signatures().forEach(s -> byId.put(s.id(), s));
        this.round = round;
    }

    Signature get(String id) {
        return byId.get(id);
    }

    List<Addition> additions() {
        return List.copyOf(additions);
    }

    SignatureSet toSet() {
        return SignatureSet.of(new ArrayList<>(byId.values()));
    }

    /** Adds opcodes a header signature does not list, to its opcode field's values and to its table. */
    void addOpcodes(String id, Map<String, OpcodeInfo> ops) {
        Signature s = byId.get(id);
        FieldSpec op = s.opcodeField().orElse(null);
        if (op == null) {
            return;
        }
        TreeMap<String, OpcodeInfo> table = new TreeMap<>(s.opcodes());
        TreeSet<String> values = new TreeSet<>(op.values());
        boolean changed = false;
        for (Map.Entry<String, OpcodeInfo> e : new TreeMap<>(ops).entrySet()) {
            String hex = e.getKey();
            if (table.containsKey(hex) || hex.length() != 2 * op.length()) {
                continue;
            }
            table.put(hex, e.getValue());
            values.add(hex);
            changed = true;
            additions.add(new Addition(round, Addition.Kind.OPCODE, id, hex, describe(e.getValue())));
        }
        if (!changed) {
            return;
        }
        List<FieldSpec> fields = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            // keep a field without values (TCP opcodes need not be listed) as it was
            fields.add(f == op && !op.values().isEmpty() ? f.withValues(List.copyOf(values)) : f);
        }
        byId.put(id, new Signature(s.app(), s.name(), s.flowType(), s.scope(), Status.UNREVIEWED, fields, table,
                s.keywords(), s.servers(), s.associations(), s.provenance()));
    }

    /**
     * Adds constant values that classified flows carried in place of a header signature's learnt ones (matched by a
     * version tolerance: a new client version's number): {@code values} maps a constant field's offset to the new
     * values (hex) and the flows each was seen in.
     */
    void addValues(String id, Map<Integer, Map<String, Integer>> values) {
        Signature s = byId.get(id);
        List<FieldSpec> fields = new ArrayList<>();
        boolean changed = false;
        for (FieldSpec f : s.fields()) {
            Map<String, Integer> fresh = f.type() == org.chatdissect.model.FieldType.CONSTANT
                    ? values.getOrDefault(f.offset(), Map.of()) : Map.of();
            TreeSet<String> all = new TreeSet<>(f.values());
            for (Map.Entry<String, Integer> e : new TreeMap<>(fresh).entrySet()) {
                if (all.add(e.getKey())) {
                    changed = true;
                    additions.add(new Addition(round, Addition.Kind.VALUE, id, "bytes " + f.offset() + "-"
                            + (f.end() - 1) + ": " + e.getKey(), e.getValue() + " flow" + (e.getValue() == 1 ? "" : "s")
                            + ", learnt " + String.join(" | ", f.values())));
                }
            }
            fields.add(all.size() == f.values().size() ? f : f.withValues(List.copyOf(all)));
        }
        if (changed) {
            byId.put(id, new Signature(s.app(), s.name(), s.flowType(), s.scope(), Status.UNREVIEWED, fields,
                    s.opcodes(), s.keywords(), s.servers(), s.associations(), s.provenance()));
        }
    }

    /** Takes in what the trainer learnt from an application's feedback flows (see the class comment). */
    void absorb(SignatureSet learnt) {
        for (Signature t : learnt.signatures()) {
            if (t.form() == org.chatdissect.model.SignatureForm.ENDPOINT) {
                // feedback flows were chosen by server endpoints the set already knows: endpoints learnt from them
                // would only repeat those (and a keyword merge would mistake the servers for nothing new)
                continue;
            }
            if (t.isHeaderSignature()) {
                absorbHeader(t);
            } else {
                absorbKeywords(t);
            }
        }
    }

    private void absorbHeader(Signature t) {
        for (Signature known : List.copyOf(byId.values())) {
            if (known.app().equals(t.app()) && FormatMatch.sameFormat(known, t)) {
                Map<String, OpcodeInfo> ops = new TreeMap<>();
                for (String v : t.opcodeField().map(FieldSpec::values).orElse(List.of())) {
                    ops.put(v, t.opcodes().getOrDefault(v, new OpcodeInfo("unknown " + v, null, TaskKind.USER, null, null)));
                }
                t.opcodes().forEach(ops::putIfAbsent);
                addOpcodes(known.id(), ops);
                return;
            }
        }
        addSignature(t, t.flowType() + ", " + t.fields().size() + " fields, " + t.opcodes().size() + " opcodes");
    }

    private void absorbKeywords(Signature t) {
        Signature known = byId.values().stream()
                .filter(s -> s.app().equals(t.app()) && s.flowType() == t.flowType()).findFirst().orElse(null);
        List<Keyword> fresh = new ArrayList<>();
        for (Keyword k : t.keywords()) {
            if (!coveredByOtherApp(t.app(), k) && (known == null || !covered(known, k))) {
                fresh.add(k);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (known == null) {
            addSignature(t.withKeywords(fresh), t.flowType() + ", " + fresh.size() + " keywords");
            return;
        }
        List<Keyword> all = new ArrayList<>(known.keywords());
        all.addAll(fresh);
        all.sort(KEYWORD_ORDER);
        byId.put(known.id(), known.withKeywords(all).withStatus(Status.UNREVIEWED));
        for (Keyword k : fresh) {
            additions.add(new Addition(round, Addition.Kind.KEYWORD, known.id(), k.field().jsonName() + " " + k.value(),
                    k.task()));
        }
    }

    /** A keyword is nothing new when a keyword of the same field is a substring of it (keywords match as substrings). */
    private static boolean covered(Signature s, Keyword k) {
        return s.keywords().stream().anyMatch(x -> x.field() == k.field() && k.value().contains(x.value()));
    }

    /** A value another application claims would make the two apps fight over flows: not a candidate. */
    private boolean coveredByOtherApp(String app, Keyword k) {
        return byId.values().stream().anyMatch(s -> !s.app().equals(app) && s.keywords().stream()
                .anyMatch(x -> x.field() == k.field() && (k.value().contains(x.value()) || x.value().contains(k.value()))));
    }

    private void addSignature(Signature t, String shape) {
        String name = t.name();
        for (int i = 2; byId.containsKey(t.app() + "/" + name); i++) {
            name = t.name() + "-feedback" + (i == 2 ? "" : i - 1);
        }
        Signature s = new Signature(t.app(), name, t.flowType(), t.scope(), Status.UNREVIEWED, t.fields(), t.opcodes(),
                t.keywords(), t.servers(), t.associations(), t.provenance());
        byId.put(s.id(), s);
        additions.add(new Addition(round, Addition.Kind.SIGNATURE, s.id(), t.flowType().name(),
                shape.substring(shape.indexOf(", ") + 2)));
    }

    private static String describe(OpcodeInfo o) {
        return switch (o.kind()) {
            case PERIODIC -> o.task() + " (periodic" + (o.periodS() == null ? "" : ", every " + o.periodS() + " s") + ")";
            case TRIGGERED -> o.task() + (o.trigger() == null ? " (triggered)" : " (triggered by " + o.trigger() + ")");
            case USER -> o.task() + " (user)";
        };
    }
}
