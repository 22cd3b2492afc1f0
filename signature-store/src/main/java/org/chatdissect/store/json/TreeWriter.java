package org.chatdissect.store.json;

import java.util.List;
import java.util.Map;
import org.chatdissect.model.Association;
import org.chatdissect.model.CaptureRef;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Provenance;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;
import org.chatdissect.model.SignatureSet;

/**
 * The canonical writer: a fixed key order, two-space indentation, arrays of strings on one line, {@code ": "} after
 * keys, LF line ends, a trailing newline. Numbers are written with {@link Double#toString}, which reads back to the
 * same double, so the output is a fixed point of read-then-write.
 */
final class TreeWriter {
    private final StringBuilder sb = new StringBuilder();
    private int depth;
    private boolean first;

    private TreeWriter() {}

    static String write(SignatureSet set) {
        TreeWriter w = new TreeWriter();
        w.open('{');
        w.key("format").str(SignatureSet.FORMAT);
        w.key("version").num(set.version());
        w.key("signatures").open('[');
        for (Signature s : set.signatures()) {
            w.item().signature(s);
        }
        w.close(']');
        w.close('}');
        w.sb.append('\n');
        return w.sb.toString();
    }

    private void signature(Signature s) {
        open('{');
        key("app").str(s.app());
        key("name").str(s.name());
        key("flow_type").str(s.flowType().jsonName());
        SignatureForm form = s.form();
        if (form == SignatureForm.HEADER || form == SignatureForm.TEXT) {
            key("scope").num(s.scope());
        }
        key("status").str(s.status().jsonName());
        if (form == SignatureForm.HEADER) {
            key("fields").open('[');
            for (FieldSpec f : s.fields()) {
                item().field(f);
            }
            close(']');
            key("opcodes").open('{');
            for (Map.Entry<String, OpcodeInfo> e : s.opcodes().entrySet()) {
                key(e.getKey()).opcode(e.getValue());
            }
            close('}');
        }
        if (form != SignatureForm.ENDPOINT) {
            keywords(s);
        }
        key("servers").open('[');
        for (Server sv : s.servers()) {
            item().open('{');
            key("ip").str(sv.ip());
            key("port").num(sv.port());
            close('}');
        }
        close(']');
        if (!s.associations().isEmpty()) {
            key("associate").strings(s.associations().stream().map(Association::jsonName).toList());
        }
        if (s.provenance() != null) {
            key("provenance").provenance(s.provenance());
        }
        close('}');
    }

    private void keywords(Signature s) {
        key("keywords").open('[');
        for (Keyword k : s.keywords()) {
            item().open('{');
            key("field").str(k.field().jsonName());
            key("value").str(k.value());
            key("coverage").num(k.coverage());
            if (k.task() != null) {
                key("task").str(k.task());
            }
            if (k.service() != null) {
                key("service").str(k.service());
            }
            close('}');
        }
        close(']');
    }

    private void field(FieldSpec f) {
        open('{');
        key("offset").num(f.offset());
        key("length").num(f.length());
        key("type").str(f.type().jsonName());
        if (f.endian() != null) {
            key("endian").str(f.endian().jsonName());
        }
        if (f.adjust() != null) {
            key("adjust").num(f.adjust());
        }
        if (f.max() != null) {
            key("max").num(f.max());
        }
        if (f.mask() != null) {
            key("mask").str(String.format("%02x", f.mask()));
        }
        if (!f.values().isEmpty()) {
            key("values").strings(f.values());
        }
        if (f.request() != null) {
            key("request").str(f.request());
        }
        if (f.response() != null) {
            key("response").str(f.response());
        }
        close('}');
    }

    private void opcode(OpcodeInfo o) {
        open('{');
        key("task").str(o.task());
        if (o.service() != null) {
            key("service").str(o.service());
        }
        key("kind").str(o.kind().jsonName());
        if (o.periodS() != null) {
            key("period_s").num(o.periodS());
        }
        if (o.trigger() != null) {
            key("trigger").str(o.trigger());
        }
        close('}');
    }

    private void provenance(Provenance p) {
        open('{');
        key("captures").open('[');
        for (CaptureRef c : p.captures()) {
            item().open('{');
            key("file").str(c.file());
            key("sha256").str(c.sha256());
            key("packets").num(c.packets());
            close('}');
        }
        close(']');
        key("parameters").open('{');
        for (Map.Entry<String, String> e : p.parameters().entrySet()) {
            key(e.getKey()).str(e.getValue());
        }
        close('}');
        key("software").str(p.software());
        key("created").str(p.created());
        close('}');
    }

    // --- layout ---

    private TreeWriter open(char c) {
        sb.append(c);
        depth++;
        first = true;
        return this;
    }

    private void close(char c) {
        depth--;
        if (!first) {
            newline();
        }
        sb.append(c);
        first = false;
    }

    private TreeWriter item() {
        if (!first) {
            sb.append(',');
        }
        newline();
        first = false;
        return this;
    }

    private TreeWriter key(String k) {
        item();
        quoted(k);
        sb.append(": ");
        return this;
    }

    private void newline() {
        sb.append('\n');
        sb.append("  ".repeat(depth));
    }

    private void str(String s) {
        quoted(s);
        first = false;
    }

    private void num(long v) {
        sb.append(v);
        first = false;
    }

    private void num(double v) {
        sb.append(Double.toString(v));
        first = false;
    }

    private void strings(List<String> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            quoted(values.get(i));
        }
        sb.append(']');
        first = false;
    }

    private void quoted(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
