package org.chatdissect.store.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;

/**
 * The differences between two signature sets, one line each: {@code + id ...} added in the second set,
 * {@code - id ...} removed, {@code ~ id ...} changed. Signatures are visited in order of their IDs, and inside a
 * signature: properties, fields (by offset), opcodes (by value), keywords (by field and value), servers,
 * associations, provenance.
 * Identical sets give no lines.
 */
public final class SignatureDiff {
    private SignatureDiff() {}

    public static List<String> diff(SignatureSet a, SignatureSet b) {
        Map<String, Signature> left = byId(a);
        Map<String, Signature> right = byId(b);
        TreeSet<String> ids = new TreeSet<>(left.keySet());
        ids.addAll(right.keySet());
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            Signature x = left.get(id);
            Signature y = right.get(id);
            if (x == null) {
                out.add("+ " + id + ": signature (" + y.flowType() + ", " + y.status().jsonName() + ")");
            } else if (y == null) {
                out.add("- " + id + ": signature (" + x.flowType() + ", " + x.status().jsonName() + ")");
            } else if (!x.equals(y)) {
                signature(id, x, y, out);
            }
        }
        return out;
    }

    private static Map<String, Signature> byId(SignatureSet s) {
        Map<String, Signature> m = new LinkedHashMap<>();
        for (Signature sig : s.signatures()) {
            m.put(sig.id(), sig);
        }
        return m;
    }

    private static void signature(String id, Signature x, Signature y, List<String> out) {
        String p = id + ": ";
        if (x.flowType() != y.flowType()) {
            out.add("~ " + p + "flow_type " + x.flowType() + " -> " + y.flowType());
        }
        if (x.scope() != y.scope()) {
            out.add("~ " + p + "scope " + x.scope() + " -> " + y.scope());
        }
        if (x.status() != y.status()) {
            out.add("~ " + p + "status " + x.status().jsonName() + " -> " + y.status().jsonName());
        }
        Map<Integer, FieldSpec> fx = new LinkedHashMap<>();
        x.fields().forEach(f -> fx.put(f.offset(), f));
        Map<Integer, FieldSpec> fy = new LinkedHashMap<>();
        y.fields().forEach(f -> fy.put(f.offset(), f));
        for (int off : new TreeSet<>(union(fx.keySet(), fy.keySet()))) {
            FieldSpec f = fx.get(off);
            FieldSpec g = fy.get(off);
            if (f == null) {
                out.add("+ " + p + "field " + describe(g));
            } else if (g == null) {
                out.add("- " + p + "field " + describe(f));
            } else if (!f.equals(g)) {
                out.add("~ " + p + "field " + describe(f) + " -> " + describe(g));
            }
        }
        for (String op : new TreeSet<>(union(x.opcodes().keySet(), y.opcodes().keySet()))) {
            OpcodeInfo o = x.opcodes().get(op);
            OpcodeInfo q = y.opcodes().get(op);
            if (o == null) {
                out.add("+ " + p + "opcode " + op + " " + describe(q));
            } else if (q == null) {
                out.add("- " + p + "opcode " + op + " " + describe(o));
            } else if (!o.equals(q)) {
                out.add("~ " + p + "opcode " + op + " " + describe(o) + " -> " + describe(q));
            }
        }
        Map<String, Keyword> kx = new LinkedHashMap<>();
        x.keywords().forEach(k -> kx.put(k.field().jsonName() + " " + quote(k.value()), k));
        Map<String, Keyword> ky = new LinkedHashMap<>();
        y.keywords().forEach(k -> ky.put(k.field().jsonName() + " " + quote(k.value()), k));
        for (String k : new TreeSet<>(union(kx.keySet(), ky.keySet()))) {
            Keyword o = kx.get(k);
            Keyword q = ky.get(k);
            if (o == null) {
                out.add("+ " + p + "keyword " + k + describeExtra(q));
            } else if (q == null) {
                out.add("- " + p + "keyword " + k + describeExtra(o));
            } else if (!o.equals(q)) {
                out.add("~ " + p + "keyword " + k + describeExtra(o) + " ->" + describeExtra(q));
            }
        }
        if (!Objects.equals(kx.keySet().stream().toList(), ky.keySet().stream().toList())
                && kx.keySet().equals(ky.keySet())) {
            out.add("~ " + p + "keyword order changed (the first matching task keyword names the task)");
        }
        TreeSet<String> sx = new TreeSet<>(x.servers().stream().map(SignatureDiff::describe).toList());
        TreeSet<String> sy = new TreeSet<>(y.servers().stream().map(SignatureDiff::describe).toList());
        for (String s : new TreeSet<>(union(sx, sy))) {
            if (!sx.contains(s)) {
                out.add("+ " + p + "server " + s);
            } else if (!sy.contains(s)) {
                out.add("- " + p + "server " + s);
            }
        }
        for (var a : org.chatdissect.model.Association.values()) {
            boolean inX = x.associations().contains(a);
            if (inX != y.associations().contains(a)) {
                out.add((inX ? "- " : "+ ") + p + "associate " + a.jsonName());
            }
        }
        if (!Objects.equals(x.provenance(), y.provenance())) {
            out.add("~ " + p + "provenance " + (x.provenance() == null ? "none" : x.provenance().created()) + " -> "
                    + (y.provenance() == null ? "none" : y.provenance().created()));
        }
    }

    private static <T> java.util.Set<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        java.util.Set<T> u = new java.util.LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    /**
     * {@code 4+4 constant [00100001]}: offset+length, type and values; a length field's relation as
     * {@code 0+8 length little-endian adjust 8 max 1048576}.
     */
    public static String describe(FieldSpec f) {
        StringBuilder sb = new StringBuilder().append(f.offset()).append('+').append(f.length()).append(' ')
                .append(f.type().jsonName());
        if (f.endian() != null) {
            sb.append(' ').append(f.endian().jsonName()).append("-endian");
        }
        if (!f.values().isEmpty()) {
            sb.append(" [").append(String.join(", ", f.values())).append(']');
        }
        if (f.request() != null || f.response() != null) {
            sb.append(" request ").append(f.request()).append(" response ").append(f.response());
        }
        if (f.adjust() != null) {
            sb.append(" adjust ").append(f.adjust());
        }
        if (f.max() != null) {
            sb.append(" max ").append(f.max());
        }
        if (f.isBitField()) {
            sb.append(" mask ").append(String.format("%02x", f.mask()));
        }
        return sb.toString();
    }

    public static String describe(OpcodeInfo o) {
        StringBuilder sb = new StringBuilder(quote(o.task())).append(" (").append(o.kind().jsonName());
        if (o.periodS() != null) {
            sb.append(", every ").append(o.periodS()).append(" s");
        }
        if (o.trigger() != null) {
            sb.append(", after ").append(quote(o.trigger()));
        }
        if (o.service() != null) {
            sb.append(", ").append(o.service());
        }
        return sb.append(')').toString();
    }

    private static String describeExtra(Keyword k) {
        return " coverage " + k.coverage() + (k.task() == null ? "" : " task " + quote(k.task()));
    }

    public static String describe(Server s) {
        return (s.ip().contains(":") ? "[" + s.ip() + "]" : s.ip()) + ":" + s.port();
    }

    private static String quote(String s) {
        return org.chatdissect.store.validate.SignatureValidator.quote(s);
    }
}
