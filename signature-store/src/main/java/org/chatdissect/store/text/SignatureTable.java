package org.chatdissect.store.text;

import java.util.Locale;
import java.util.Map;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.diff.SignatureDiff;

/**
 * A readable rendering of a signature set: per signature a header line, a byte map like Fig. 2 of the paper (one
 * three-character column per byte of the scope, fields between bars), the field values, the opcode table, keywords,
 * servers and provenance.
 */
public final class SignatureTable {
    private SignatureTable() {}

    public static String render(SignatureSet set) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < set.signatures().size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            render(set.signatures().get(i), sb);
        }
        return sb.toString();
    }

    public static void render(Signature s, StringBuilder sb) {
        sb.append(s.id()).append("  ").append(s.flowType()).append("  ").append(s.status().jsonName());
        if (s.isHeaderSignature()) {
            sb.append("  scope ").append(s.scope()).append(" bytes");
        } else if (s.form() == SignatureForm.TEXT) {
            sb.append("  text  scope ").append(s.scope()).append(" bytes");
        }
        sb.append('\n');
        if (s.form() == SignatureForm.TEXT) {
            sb.append("  a payload matches when its first line (printable ASCII before CR LF) is a keyword, or a keyword"
                    + " and a space\n");
        }
        if (s.restrictedToServerPorts()) {
            sb.append("  weak header (fewer than ").append(Signature.STRONG_CONSTANT_BYTES)
                    .append(" compared bytes): matches only flows to server ports ").append(String.join(", ",
                            s.servers().stream().map(v -> v.port()).distinct().sorted().map(String::valueOf).toList()))
                    .append('\n');
        }
        if (s.isHeaderSignature()) {
            byteMap(s, sb);
            for (FieldSpec f : s.fields()) {
                String detail = switch (f.type()) {
                    case CONSTANT -> "= " + String.join(" | ", f.values());
                    case REQRESP -> "request " + f.request() + ", response " + f.response();
                    case OPCODE -> f.values().isEmpty() ? "" : "known " + String.join(" ", f.values());
                    case LENGTH, SEQUENCE -> lengthDetail(f);
                    case UNIDENTIFIED -> "";
                };
                sb.append(String.format(Locale.ROOT, "  %-14s %-12s %s", f.isBitField() ? "byte " + f.offset() + " & " + String.format("%02x", f.mask()) : f.length() == 1 ? "byte " + f.offset()
                        : "bytes " + f.offset() + ".." + (f.end() - 1),
                        f.type().jsonName(), detail).stripTrailing()).append('\n');
            }
            if (!s.opcodes().isEmpty()) {
                sb.append("  opcodes:\n");
                int w = s.opcodes().values().stream().mapToInt(o -> o.task().length()).max().orElse(4);
                for (Map.Entry<String, OpcodeInfo> e : s.opcodes().entrySet()) {
                    OpcodeInfo o = e.getValue();
                    String when = switch (o.kind()) {
                        case USER -> "user";
                        case PERIODIC -> "periodic" + (o.periodS() == null ? "" : ", every " + o.periodS() + " s");
                        case TRIGGERED -> "triggered" + (o.trigger() == null ? "" : " by " + o.trigger());
                    };
                    sb.append(String.format(Locale.ROOT, "    %-6s %-" + w + "s  %-24s %s", e.getKey(), o.task(), when,
                            o.service() == null ? "" : o.service()).stripTrailing()).append('\n');
                }
            }
        }
        if (!s.keywords().isEmpty()) {
            sb.append("  keywords:\n");
            int w = s.keywords().stream().mapToInt(k -> k.value().length()).max().orElse(4);
            for (Keyword k : s.keywords()) {
                sb.append(String.format(Locale.ROOT, "    %-16s %-" + w + "s  coverage %.2f%s", k.field().jsonName(),
                        k.value(), k.coverage(), k.task() == null ? "" : "  task " + k.task() + (k.service() == null ? "" : " (" + k.service() + ")"))).append('\n');
            }
        }
        if (!s.servers().isEmpty()) {
            sb.append("  servers: ");
            sb.append(String.join(", ", s.servers().stream().map(SignatureDiff::describe).toList())).append('\n');
        }
        if (s.provenance() != null) {
            var p = s.provenance();
            sb.append("  learned from ").append(p.captures().size()).append(p.captures().size() == 1 ? " capture" :
                    " captures").append(" (").append(p.captures().stream().mapToLong(c -> c.packets()).sum())
                    .append(" packets) by ").append(p.software()).append(", ").append(p.created()).append('\n');
        }
    }

    /** Byte order, and for a compared length its relation: {@code little endian, message = value + 8, at most 1048576}. */
    private static String lengthDetail(FieldSpec f) {
        String order = f.endian() == null ? "" : f.endian().jsonName() + " endian";
        if (f.adjust() == null && f.max() == null) {
            return order;
        }
        String rel = f.adjust() == null ? "" : "message = value" + (f.adjust() < 0 ? " - " + -(long) f.adjust()
                : " + " + f.adjust());
        String max = f.max() == null ? "" : "at most " + f.max() + " bytes";
        String all = String.join(", ", java.util.stream.Stream.of(order, rel, max).filter(x -> !x.isEmpty()).toList());
        return f.comparesLength() ? all + " (compared)" : all + " (not compared: needs adjust and max)";
    }

    /** Two rows: byte offsets, then field spans {@code |length     |constant   |} with '.' for bytes in no field. */
    static void byteMap(Signature s, StringBuilder sb) {
        StringBuilder offsets = new StringBuilder("  byte  ");
        StringBuilder spans = new StringBuilder("  field ");
        int pos = 0;
        for (FieldSpec f : s.fields()) {
            for (; pos < f.offset(); pos++) {
                offsets.append(String.format(Locale.ROOT, "|%2d", pos));
                spans.append("| .");
            }
            StringBuilder cell = new StringBuilder();
            for (int b = f.offset(); b < f.end(); b++) {
                cell.append(String.format(Locale.ROOT, "%3d", b));
            }
            offsets.append('|').append(cell, 1, cell.length());
            int width = 3 * f.length() - 1;
            spans.append('|').append(pad(label(f.type(), width), width));
            pos = f.end();
        }
        for (; pos < s.scope(); pos++) {
            offsets.append(String.format(Locale.ROOT, "|%2d", pos));
            spans.append("| .");
        }
        sb.append(offsets).append("|\n").append(spans).append("|\n");
        boolean abbreviated = s.fields().stream().anyMatch(f -> f.type().jsonName().length() > 3 * f.length() - 1);
        if (abbreviated) {
            sb.append("  (co/const constant, se/seq sequence, rr reqresp, le/len length, op opcode, ? unidentified,"
                    + " . no field)\n");
        }
    }

    private static String label(FieldType t, int width) {
        String full = t.jsonName();
        String brief = switch (t) {
            case CONSTANT -> "const";
            case SEQUENCE -> "seq";
            case REQRESP -> "rr";
            case LENGTH -> "len";
            case OPCODE -> "op";
            case UNIDENTIFIED -> "?";
        };
        String l = full.length() <= width ? full : brief;
        return l.length() <= width ? l : l.substring(0, width);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
