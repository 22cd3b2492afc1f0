package org.chatdissect.store.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.diff.SignatureDiff;

/**
 * One CSV row per field, opcode, keyword and server (RFC 4180: CRLF line ends, fields with a comma, quote, CR or LF
 * quoted, quotes doubled). Columns: app, signature, flow_type, status, row (field|opcode|keyword|server), offset,
 * length, type (field type, or keyword field), value (constant/opcode values separated by spaces; reqresp
 * "request response"; the opcode; the keyword; ip:port), task, service, kind, period_s, trigger, coverage, adjust,
 * max (a length field's relation to the message length, format version 2: empty when not set). A text signature's
 * {@code text.line} keyword rows carry the signature's scope in {@code length} (the bytes within which the line and
 * its CR LF must end).
 */
public final class CsvExporter implements Exporter {
    public static final List<String> HEADER = List.of("app", "signature", "flow_type", "status", "row", "offset",
            "length", "type", "value", "task", "service", "kind", "period_s", "trigger", "coverage", "adjust", "max", "mask");

    @Override
    public ExportFormat format() {
        return ExportFormat.CSV;
    }

    @Override
    public String export(SignatureSet set) {
        StringBuilder sb = new StringBuilder();
        row(sb, HEADER);
        for (Signature s : set.signatures()) {
            for (FieldSpec f : s.fields()) {
                String value = switch (f.type()) {
                    case CONSTANT, OPCODE -> String.join(" ", f.values());
                    case REQRESP -> f.request() + " " + f.response();
                    case LENGTH, SEQUENCE, UNIDENTIFIED -> "";
                };
                row(sb, base(s, "field", String.valueOf(f.offset()), String.valueOf(f.length()), f.type().jsonName(),
                        value, "", "", "", "", "", "", f.adjust() == null ? "" : f.adjust().toString(),
                        f.max() == null ? "" : f.max().toString(), f.isBitField() ? String.format("%02x", f.mask()) : ""));
            }
            for (Map.Entry<String, OpcodeInfo> e : s.opcodes().entrySet()) {
                OpcodeInfo o = e.getValue();
                row(sb, base(s, "opcode", "", "", "", e.getKey(), o.task(), nz(o.service()), o.kind().jsonName(),
                        o.periodS() == null ? "" : o.periodS().toString(), nz(o.trigger()), "", "", "", ""));
            }
            for (Keyword k : s.keywords()) {
                String scope = k.field() == KeywordField.TEXT_LINE ? String.valueOf(s.scope()) : "";
                row(sb, base(s, "keyword", "", scope, k.field().jsonName(), k.value(), nz(k.task()), nz(k.service()), "", "", "",
                        Double.toString(k.coverage()), "", "", ""));
            }
            for (Server v : s.servers()) {
                row(sb, base(s, "server", "", "", "", SignatureDiff.describe(v), "", "", "", "", "", "", "", "", ""));
            }
        }
        return sb.toString();
    }

    private static List<String> base(Signature s, String... rest) {
        List<String> r = new ArrayList<>(List.of(s.app(), s.name(), s.flowType().jsonName(), s.status().jsonName()));
        r.addAll(List.of(rest));
        return r;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void row(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        sb.append("\r\n");
    }

    /** RFC 4180 quoting. */
    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
