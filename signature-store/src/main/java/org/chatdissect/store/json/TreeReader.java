package org.chatdissect.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.model.Association;
import org.chatdissect.model.CaptureRef;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Provenance;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.model.TaskKind;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.validate.SignatureValidator;

/** Turns a parsed JSON tree into the model, collecting every type problem; unknown keys are ignored. */
final class TreeReader {
    private final List<String> problems = new ArrayList<>();

    private TreeReader() {}

    static SignatureSet toModel(JsonNode root, String source) throws SignatureFileException {
        if (!root.isObject()) {
            throw new SignatureFileException(source, "expected a JSON object, got " + kind(root));
        }
        JsonNode format = root.get("format");
        if (format == null || format.isNull()) {
            throw new SignatureFileException(source, "\"format\" is missing: not a chatdissect signature file");
        }
        if (!format.isTextual() || !format.asText().equals(SignatureSet.FORMAT)) {
            throw new SignatureFileException(source, "format " + shown(format) + " is not \"" + SignatureSet.FORMAT
                    + "\"");
        }
        JsonNode version = root.get("version");
        if (version == null || version.isNull()) {
            throw new SignatureFileException(source, "\"version\" is missing");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() < 1) {
            throw new SignatureFileException(source, "version " + shown(version) + " is not a positive integer");
        }
        if (version.asInt() > SignatureSet.CURRENT_VERSION) {
            throw new SignatureFileException(source, "format version " + version.asInt()
                    + " is newer than this chatdissect (reads " + SignatureSet.CURRENT_VERSION + ")");
        }
        TreeReader r = new TreeReader();
        List<Signature> sigs = new ArrayList<>();
        JsonNode arr = root.get("signatures");
        if (r.array(arr, "\"signatures\"", "", true)) {
            for (int i = 0; i < arr.size(); i++) {
                Signature s = r.signature(arr.get(i), i);
                if (s != null) {
                    sigs.add(s);
                }
            }
        }
        if (!r.problems.isEmpty()) {
            throw new SignatureFileException(source, r.problems);
        }
        return new SignatureSet(version.asInt(), sigs);
    }

    private Signature signature(JsonNode n, int i) {
        if (!n.isObject()) {
            problems.add(SignatureValidator.context(i, null) + ": expected an object, got " + kind(n));
            return null;
        }
        JsonNode nameNode = n.get("name");
        String ctx = SignatureValidator.context(i, nameNode != null && nameNode.isTextual() ? nameNode.asText() : null);
        int before = problems.size();
        String app = string(n, "app", ctx, true);
        String name = string(n, "name", ctx, true);
        FlowType flowType = null;
        String ft = string(n, "flow_type", ctx, true);
        if (ft != null) {
            for (FlowType t : FlowType.values()) {
                if (t.jsonName().equals(ft)) {
                    flowType = t;
                }
            }
            if (flowType == null) {
                problems.add(ctx + ": unknown flow_type " + SignatureValidator.quote(ft) + " (expected DNS, HTTP, TLS,"
                        + " TCP or UDP)");
            }
        }
        Status status = null;
        String st = string(n, "status", ctx, true);
        if (st != null) {
            status = Status.fromJson(st);
            if (status == null) {
                problems.add(ctx + ": unknown status " + SignatureValidator.quote(st)
                        + " (expected reviewed or unreviewed)");
            }
        }
        boolean header = flowType != null && Signature.isHeaderFlowType(flowType);
        // endpoint signatures (version 2) have neither scope nor fields: the validator checks each form's needs
        boolean endpointLike = header && !n.has("fields") && !n.has("keywords") && n.has("servers");
        Integer scope = integer(n, "scope", ctx, header && !endpointLike);
        List<FieldSpec> fields = new ArrayList<>();
        JsonNode fa = n.get("fields");
        if (array(fa, "\"fields\"", ctx, header && !endpointLike && !n.has("keywords"))) {
            for (int j = 0; j < fa.size(); j++) {
                FieldSpec f = field(fa.get(j), ctx + ", field " + (j + 1));
                if (f != null) {
                    fields.add(f);
                }
            }
        }
        Map<String, OpcodeInfo> opcodes = new TreeMap<>();
        JsonNode ops = n.get("opcodes");
        if (ops != null && !ops.isNull()) {
            if (!ops.isObject()) {
                problems.add(ctx + ": \"opcodes\" must be an object, got " + kind(ops));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    OpcodeInfo info = opcode(e.getValue(), ctx + ", opcode " + SignatureValidator.quote(e.getKey()));
                    if (info != null) {
                        opcodes.put(e.getKey(), info);
                    }
                }
            }
        }
        List<Keyword> keywords = new ArrayList<>();
        JsonNode ka = n.get("keywords");
        if (array(ka, "\"keywords\"", ctx, flowType != null && !header)) {
            for (int j = 0; j < ka.size(); j++) {
                Keyword k = keyword(ka.get(j), ctx + ", keyword " + (j + 1));
                if (k != null) {
                    keywords.add(k);
                }
            }
        }
        List<Server> servers = new ArrayList<>();
        JsonNode sa = n.get("servers");
        if (array(sa, "\"servers\"", ctx, false)) {
            for (int j = 0; j < sa.size(); j++) {
                String sc = ctx + ", server " + (j + 1);
                JsonNode sn = sa.get(j);
                if (!sn.isObject()) {
                    problems.add(sc + ": expected an object, got " + kind(sn));
                    continue;
                }
                String ip = string(sn, "ip", sc, true);
                Integer port = integer(sn, "port", sc, true);
                if (ip != null && port != null) {
                    servers.add(new Server(ip, port));
                }
            }
        }
        List<Association> associations = new ArrayList<>();
        JsonNode aa = n.get("associate");
        if (array(aa, "\"associate\"", ctx, false)) {
            for (int j = 0; j < aa.size(); j++) {
                JsonNode an = aa.get(j);
                Association a = an.isTextual() ? Association.fromJson(an.asText()) : null;
                if (a == null) {
                    problems.add(ctx + ", associate " + (j + 1) + ": unknown association " + shown(an)
                            + " (expected client_port or server_endpoint)");
                } else {
                    associations.add(a);
                }
            }
        }
        Provenance prov = null;
        JsonNode pn = n.get("provenance");
        if (pn != null && !pn.isNull()) {
            prov = provenance(pn, ctx + ", provenance");
        }
        if (problems.size() > before) {
            return null;
        }
        return new Signature(app, name, flowType, scope == null ? 0 : scope, status, fields, new TreeMap<>(opcodes),
                keywords, servers, associations, prov);
    }

    private FieldSpec field(JsonNode n, String fc) {
        if (!n.isObject()) {
            problems.add(fc + ": expected an object, got " + kind(n));
            return null;
        }
        int before = problems.size();
        Integer offset = integer(n, "offset", fc, true);
        Integer length = integer(n, "length", fc, true);
        FieldType type = null;
        String t = string(n, "type", fc, true);
        if (t != null) {
            try {
                type = FieldType.fromJson(t);
            } catch (IllegalArgumentException e) {
                problems.add(fc + ": unknown type " + SignatureValidator.quote(t)
                        + " (expected constant, sequence, reqresp, length, opcode or unidentified)");
            }
        }
        Endian endian = null;
        String en = string(n, "endian", fc, false);
        if (en != null) {
            endian = Endian.fromJson(en);
            if (endian == null) {
                problems.add(fc + ": unknown endian " + SignatureValidator.quote(en) + " (expected big or little)");
            }
        }
        List<String> values = strings(n, "values", fc);
        String request = string(n, "request", fc, false);
        String response = string(n, "response", fc, false);
        Integer adjust = integer(n, "adjust", fc, false);
        Long max = longInteger(n, "max", fc);
        Integer mask = null;
        String m = string(n, "mask", fc, false);
        if (m != null) {
            if (m.matches("[0-9a-f]{2}")) {
                mask = Integer.parseInt(m, 16);
            } else {
                problems.add(fc + ": mask " + SignatureValidator.quote(m) + " is not one byte of lower-case hex");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new FieldSpec(offset, length, type, endian, values, request, response, adjust, max, mask);
    }

    private OpcodeInfo opcode(JsonNode n, String oc) {
        if (!n.isObject()) {
            problems.add(oc + ": expected an object, got " + kind(n));
            return null;
        }
        int before = problems.size();
        String task = string(n, "task", oc, true);
        String service = string(n, "service", oc, false);
        TaskKind kind = null;
        String k = string(n, "kind", oc, true);
        if (k != null) {
            kind = TaskKind.fromJson(k);
            if (kind == null) {
                problems.add(oc + ": unknown kind " + SignatureValidator.quote(k)
                        + " (expected user, periodic or triggered)");
            }
        }
        Double period = number(n, "period_s", oc);
        String trigger = string(n, "trigger", oc, false);
        if (problems.size() > before) {
            return null;
        }
        return new OpcodeInfo(task, service, kind, period, trigger);
    }

    private Keyword keyword(JsonNode n, String kc) {
        if (!n.isObject()) {
            problems.add(kc + ": expected an object, got " + kind(n));
            return null;
        }
        int before = problems.size();
        KeywordField field = null;
        String f = string(n, "field", kc, true);
        if (f != null) {
            field = KeywordField.fromJson(f);
            if (field == null) {
                problems.add(kc + ": unknown field " + SignatureValidator.quote(f) + " (expected dns.qname, http.host,"
                        + " http.referer, http.user_agent, http.method, http.url, tls.sni or text.line)");
            }
        }
        String value = string(n, "value", kc, true);
        Double coverage = number(n, "coverage", kc);
        if (coverage == null && !n.has("coverage")) {
            problems.add(kc + ": \"coverage\" is missing");
        }
        String task = string(n, "task", kc, false);
        String service = string(n, "service", kc, false);
        if (problems.size() > before) {
            return null;
        }
        return new Keyword(field, value, coverage == null ? 0 : coverage, task, service);
    }

    private Provenance provenance(JsonNode n, String pc) {
        if (!n.isObject()) {
            problems.add(pc + ": expected an object, got " + kind(n));
            return null;
        }
        int before = problems.size();
        List<CaptureRef> caps = new ArrayList<>();
        JsonNode ca = n.get("captures");
        if (array(ca, "\"captures\"", pc, false)) {
            for (int j = 0; j < ca.size(); j++) {
                String cc = pc + " capture " + (j + 1);
                JsonNode cn = ca.get(j);
                if (!cn.isObject()) {
                    problems.add(cc + ": expected an object, got " + kind(cn));
                    continue;
                }
                String file = string(cn, "file", cc, true);
                String sha = string(cn, "sha256", cc, true);
                JsonNode pk = cn.get("packets");
                long packets = 0;
                if (pk == null || pk.isNull()) {
                    problems.add(cc + ": \"packets\" is missing");
                } else if (!pk.isIntegralNumber() || !pk.canConvertToLong()) {
                    problems.add(cc + ": \"packets\" must be an integer, got " + kind(pk));
                } else {
                    packets = pk.asLong();
                }
                if (file != null && sha != null) {
                    caps.add(new CaptureRef(file, sha, packets));
                }
            }
        }
        TreeMap<String, String> params = new TreeMap<>();
        JsonNode pa = n.get("parameters");
        if (pa != null && !pa.isNull()) {
            if (!pa.isObject()) {
                problems.add(pc + ": \"parameters\" must be an object, got " + kind(pa));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = pa.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        problems.add(pc + ": parameter " + SignatureValidator.quote(e.getKey())
                                + " must be a string, got " + kind(e.getValue()));
                    } else {
                        params.put(e.getKey(), e.getValue().asText());
                    }
                }
            }
        }
        String software = string(n, "software", pc, true);
        String created = string(n, "created", pc, true);
        if (problems.size() > before) {
            return null;
        }
        return new Provenance(caps, params, software, created);
    }

    private String string(JsonNode n, String key, String ctx, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(prefix(ctx) + "\"" + key + "\" is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(prefix(ctx) + "\"" + key + "\" must be a string, got " + kind(v));
            return null;
        }
        return v.asText();
    }

    private Integer integer(JsonNode n, String key, String ctx, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(prefix(ctx) + "\"" + key + "\" is missing");
            }
            return null;
        }
        if (!v.isIntegralNumber()) {
            problems.add(prefix(ctx) + "\"" + key + "\" must be an integer, got " + kind(v));
            return null;
        }
        if (!v.canConvertToInt()) {
            problems.add(prefix(ctx) + "\"" + key + "\" " + shown(v) + " is out of range");
            return null;
        }
        return v.asInt();
    }

    private Long longInteger(JsonNode n, String key, String ctx) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problems.add(prefix(ctx) + "\"" + key + "\" must be an integer, got " + shown(v));
            return null;
        }
        return v.asLong();
    }

    private Double number(JsonNode n, String key, String ctx) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            problems.add(prefix(ctx) + "\"" + key + "\" must be a number, got " + kind(v));
            return null;
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            problems.add(prefix(ctx) + "\"" + key + "\" " + shown(v) + " is out of range");
            return null;
        }
        return d;
    }

    private List<String> strings(JsonNode n, String key, String ctx) {
        JsonNode v = n.get(key);
        List<String> out = new ArrayList<>();
        if (!array(v, "\"" + key + "\"", ctx, false)) {
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                problems.add(prefix(ctx) + "\"" + key + "\" item " + (i + 1) + " must be a string, got "
                        + kind(v.get(i)));
            } else {
                out.add(v.get(i).asText());
            }
        }
        return out;
    }

    /** @return true when {@code v} is an array to read */
    private boolean array(JsonNode v, String what, String ctx, boolean required) {
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(prefix(ctx) + what + " is missing");
            }
            return false;
        }
        if (!v.isArray()) {
            problems.add(prefix(ctx) + what + " must be an array, got " + kind(v));
            return false;
        }
        return true;
    }

    private static String prefix(String ctx) {
        return ctx.isEmpty() ? "" : ctx + ": ";
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "string " + SignatureValidator.quote(v.asText());
            case NUMBER -> "number " + shown(v);
            case BOOLEAN -> v.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BINARY, MISSING -> "nothing";
        };
    }

    private static String shown(JsonNode v) {
        String s = v.isTextual() ? SignatureValidator.quote(v.asText()) : v.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
