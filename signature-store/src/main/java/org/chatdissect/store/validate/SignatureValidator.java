package org.chatdissect.store.validate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.chatdissect.model.CaptureRef;
import org.chatdissect.model.ControlChars;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Hex;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Provenance;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.match.LengthRange;

/**
 * Checks a signature set against the rules of docs/signature-format.md. Every problem is collected; messages read
 * {@code signature 3 ("W-TCP"), field 2: offset 18 beyond scope 16} (signatures, fields, keywords, servers and
 * captures are counted from 1).
 */
public final class SignatureValidator {
    /** Largest scope of a header signature, in bytes. */
    public static final int MAX_SCOPE = 1500;
    /** Longest keyword value, in characters. */
    public static final int MAX_KEYWORD = 255;

    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");

    private SignatureValidator() {}

    /** @return every problem of the set, empty when it is valid */
    public static List<String> problems(SignatureSet set) {
        List<String> out = new ArrayList<>();
        if (set.version() < 1 || set.version() > SignatureSet.CURRENT_VERSION) {
            out.add("version " + set.version() + " is not between 1 and " + SignatureSet.CURRENT_VERSION);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < set.signatures().size(); i++) {
            Signature s = set.signatures().get(i);
            String ctx = context(i, s.name());
            Integer first = seen.putIfAbsent(s.id(), i + 1);
            if (first != null) {
                out.add(ctx + ": duplicates signature " + first + " (" + s.id() + ")");
            }
            check(s, ctx, out);
            if (s.requiredVersion() > set.version()) {
                String what = s.fields().stream().anyMatch(FieldSpec::isBitField) ? "bit fields (mask)"
                        : !s.associations().isEmpty() ? "associate"
                        : s.form().needsVersion2() ? s.form().name().toLowerCase(java.util.Locale.ROOT) + " signatures"
                        : "length fields with adjust and max";
                out.add(ctx + ": " + what + " need format version " + s.requiredVersion() + ", the set is version "
                        + set.version());
            }
        }
        return out;
    }

    /** @throws SignatureFileException naming {@code file} when the set has problems */
    public static void requireValid(SignatureSet set, String file) throws SignatureFileException {
        List<String> p = problems(set);
        if (!p.isEmpty()) {
            throw new SignatureFileException(file, p);
        }
    }

    /** The context prefix of signature {@code index} (0-based): {@code signature 3 ("W-TCP")}. */
    public static String context(int index, String name) {
        return "signature " + (index + 1) + (name == null ? "" : " (" + quote(name) + ")");
    }

    /** A JSON-style quoted string, for messages. Long strings are shortened. */
    public static String quote(String s) {
        String t = s.length() > 40 ? s.substring(0, 37) + "..." : s;
        StringBuilder sb = new StringBuilder("\"");
        for (char c : t.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (ControlChars.is(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** What an application name must be, as the validator says it. */
    public static final String APP_RULE = "1..32 lower-case letters, digits or '_', starting with a letter";

    /** Whether {@code app} is a valid application name ({@link #APP_RULE}). */
    public static boolean validApp(String app) {
        return APP.matcher(app).matches();
    }

    private static void check(Signature s, String ctx, List<String> out) {
        if (!validApp(s.app())) {
            out.add(ctx + ": app " + quote(s.app()) + " must be " + APP_RULE);
        }
        if (s.name().isEmpty() || s.name().length() > 64 || ControlChars.in(s.name()) || s.name().contains("/")) {
            out.add(ctx + ": name must be 1..64 printable characters without '/'");
        }
        FlowType ft = s.flowType();
        if (s.form() == SignatureForm.TEXT) {
            checkText(s, ctx, out);
        } else if (s.form() == SignatureForm.ENDPOINT) {
            checkEndpoint(s, ctx, out);
        } else if (s.isHeaderSignature()) {
            checkHeader(s, ctx, out);
        } else {
            if (s.scope() != 0) {
                out.add(ctx + ": a " + ft + " signature takes no scope (it matches by keywords)");
            }
            if (!s.fields().isEmpty()) {
                out.add(ctx + ": a " + ft + " signature takes no fields (it matches by keywords)");
            }
            if (!s.opcodes().isEmpty()) {
                out.add(ctx + ": a " + ft + " signature takes no opcodes (it matches by keywords)");
            }
            if (s.keywords().isEmpty()) {
                out.add(ctx + ": a " + ft + " signature needs keywords");
            } else if (s.keywords().stream().noneMatch(k -> k.field().identifiesApp())) {
                out.add(ctx + ": no keyword identifies the application (http.url and http.method keywords only name"
                        + " tasks)");
            }
        }
        checkKeywords(s, ctx, out);
        checkServers(s, ctx, out);
        if (new HashSet<>(s.associations()).size() != s.associations().size()) {
            out.add(ctx + ": an association is listed twice");
        }
        if (s.provenance() != null) {
            checkProvenance(s.provenance(), ctx + ", provenance", out);
        }
    }

    /** Text signatures: {@code text.line} keywords, printable, short enough for the scope (line + CR LF). */
    private static void checkText(Signature s, String ctx, List<String> out) {
        if (s.flowType() != FlowType.TCP) {
            out.add(ctx + ": text signatures are TCP signatures");
        }
        if (s.scope() < 3 || s.scope() > MAX_SCOPE) {
            out.add(ctx + ": scope " + s.scope() + " must be between 3 and " + MAX_SCOPE);
        }
        if (!s.opcodes().isEmpty()) {
            out.add(ctx + ": a text signature takes no opcodes (its text.line keywords name the tasks)");
        }
        for (int j = 0; j < s.keywords().size(); j++) {
            Keyword k = s.keywords().get(j);
            String kc = ctx + ", keyword " + (j + 1);
            if (k.field() != KeywordField.TEXT_LINE) {
                out.add(kc + ": " + k.field().jsonName() + " keywords belong to " + k.field().flowType()
                        + " signatures; a text signature takes text.line keywords");
            } else if (k.value().chars().anyMatch(c -> c > 0x7e)) {
                out.add(kc + ": text.line value " + quote(k.value()) + " must be ASCII"); // control characters: below
            } else if (k.value().length() + 2 > s.scope()) {
                out.add(kc + ": text.line value of " + k.value().length() + " characters and its CR LF do not fit in"
                        + " scope " + s.scope());
            }
        }
    }

    /** Endpoint signatures: servers alone; nothing else to compare. */
    private static void checkEndpoint(Signature s, String ctx, List<String> out) {
        if (s.scope() != 0) {
            out.add(ctx + ": an endpoint signature takes no scope (it matches by servers)");
        }
        if (!s.opcodes().isEmpty()) {
            out.add(ctx + ": an endpoint signature takes no opcodes (it matches by servers)");
        }
    }

    private static void checkHeader(Signature s, String ctx, List<String> out) {
        FlowType ft = s.flowType();
        if (s.scope() < 1 || s.scope() > MAX_SCOPE) {
            out.add(ctx + ": scope " + s.scope() + " must be between 1 and " + MAX_SCOPE);
        }
        if (!s.keywords().isEmpty()) {
            out.add(ctx + ": a " + ft + " signature takes no keywords (it matches by fields)");
        }
        if (s.fields().isEmpty()) {
            out.add(ctx + ": a " + ft + " signature needs fields");
            return;
        }
        FieldSpec prev = null;
        int prevIndex = 0;
        int prevBits = 0; // the bits of prev's byte held so far, when prev is a bit field
        int opcodeIndex = 0;
        boolean discriminating = false;
        for (int j = 0; j < s.fields().size(); j++) {
            FieldSpec f = s.fields().get(j);
            String fc = ctx + ", field " + (j + 1);
            if (f.offset() < 0) {
                out.add(fc + ": offset " + f.offset() + " is negative");
            } else if (f.offset() >= s.scope()) {
                out.add(fc + ": offset " + f.offset() + " beyond scope " + s.scope());
            } else if (f.length() >= 1 && f.end() > s.scope()) {
                out.add(fc + ": bytes " + f.offset() + ".." + (f.end() - 1) + " extend beyond scope " + s.scope());
            }
            if (f.length() < 1) {
                out.add(fc + ": length " + f.length() + " must be at least 1");
            }
            // bit fields of one byte follow each other and hold disjoint bits
            boolean sameByte = prev != null && f.isBitField() && prev.isBitField() && f.offset() == prev.offset();
            if (sameByte) {
                if ((prevBits & f.mask()) != 0) {
                    out.add(fc + ": mask " + String.format("%02x", f.mask()) + " shares bits "
                            + String.format("%02x", prevBits & f.mask()) + " with an earlier bit field of byte "
                            + f.offset());
                }
                prevBits |= f.mask();
            } else if (prev != null && f.offset() < prev.end()) {
                out.add(fc + ": overlaps field " + prevIndex + " (bytes " + prev.offset() + ".." + (prev.end() - 1)
                        + ")" + (f.offset() < prev.offset() ? "; fields must be sorted by offset" : ""));
            }
            if (!sameByte && (prev == null || f.end() > prev.end())) {
                prev = f;
                prevIndex = j + 1;
                prevBits = f.isBitField() ? f.mask() : 0;
            }
            checkMask(f, fc, out);
            if (f.endian() != null && !takesEndian(f.type())) {
                out.add(fc + ": only length and sequence fields take endian");
            }
            if (f.type() != FieldType.REQRESP && (f.request() != null || f.response() != null)) {
                out.add(fc + ": only reqresp fields take request and response");
            }
            checkLengthRelation(s, f, fc, out);
            switch (f.type()) {
                case CONSTANT -> {
                    discriminating = true;
                    if (f.values().isEmpty()) {
                        out.add(fc + ": a constant field needs values");
                    }
                    checkValues(f, fc, out);
                }
                case OPCODE -> {
                    if (opcodeIndex != 0) {
                        out.add(fc + ": a second opcode field (field " + opcodeIndex + " is one already)");
                    } else {
                        opcodeIndex = j + 1;
                    }
                    if (ft == FlowType.UDP) {
                        discriminating = true;
                        if (f.values().isEmpty()) {
                            out.add(fc + ": a UDP opcode field needs values (UDP signatures only match listed"
                                    + " opcodes)");
                        }
                    }
                    checkValues(f, fc, out);
                }
                case REQRESP -> {
                    discriminating = true;
                    if (!f.values().isEmpty()) {
                        out.add(fc + ": a reqresp field takes request and response, not values");
                    }
                    if (f.request() == null || f.response() == null) {
                        out.add(fc + ": a reqresp field needs both request and response");
                    } else {
                        checkHex("request", f.request(), f.length(), fc, out);
                        checkHex("response", f.response(), f.length(), fc, out);
                        if (f.request().equals(f.response())) {
                            out.add(fc + ": request and response are both " + quote(f.request()));
                        }
                    }
                }
                case SEQUENCE, LENGTH, UNIDENTIFIED -> {
                    if (!f.values().isEmpty()) {
                        out.add(fc + ": a " + f.type().jsonName() + " field takes no values");
                    }
                }
            }
        }
        if (!discriminating && s.comparedBytes() < Signature.STRONG_CONSTANT_BYTES) {
            // without constants, compared lengths can still carry the signature: their bounds force high bytes to 0
            String none = ctx + ": no constant or reqresp field" + (ft == FlowType.UDP ? " nor opcode values" : "");
            if (s.fields().stream().anyMatch(FieldSpec::comparesLength)) {
                out.add(none + ", and its compared length fields force only " + s.comparedBytes() + " whole byte"
                        + (s.comparedBytes() == 1 ? "" : "s") + " to zero (" + Signature.STRONG_CONSTANT_BYTES
                        + " needed), so the signature would match almost any payload");
            } else {
                out.add(none + ", so the signature would match any payload");
            }
        }
        checkOpcodes(s, ctx, out);
    }

    /**
     * {@code adjust} and {@code max} (format version 2): only on length fields, both or neither, a field of at most
     * 8 bytes, and a range that some message can fall in ({@code requiredLength <= value + adjust <= max}).
     */
    private static void checkLengthRelation(Signature s, FieldSpec f, String fc, List<String> out) {
        if (f.adjust() == null && f.max() == null) {
            return;
        }
        if (f.type() != FieldType.LENGTH) {
            out.add(fc + ": only length fields take adjust and max");
            return;
        }
        if (f.adjust() == null || f.max() == null) {
            out.add(fc + ": " + (f.adjust() == null ? "max without adjust" : "adjust without max")
                    + " (a length is compared only with both)");
            return;
        }
        int required = HeaderSignatures.requiredLength(s);
        if (f.length() > 8) {
            out.add(fc + ": a compared length field is at most 8 bytes, this one is " + f.length());
        } else if (f.max() < 0) {
            out.add(fc + ": max " + f.max() + " is negative");
        } else if (f.max() < required) {
            out.add(fc + ": max " + f.max() + " is below " + required + ", the length every matching payload has (the"
                    + " end of the last field)");
        } else if (LengthRange.of(s, f).isEmpty()) {
            out.add(fc + ": no value of this " + f.length() + "-byte field plus adjust " + f.adjust() + " lies between "
                    + required + " and max " + f.max() + ", so nothing would match");
        }
    }

    /**
     * A bit field (format version 3): one byte, a constant, reqresp or unidentified field, a mask of 1 to 7 bits, and
     * values without bits outside it.
     */
    private static void checkMask(FieldSpec f, String fc, List<String> out) {
        if (!f.isBitField()) {
            return;
        }
        int m = f.mask();
        if (m <= 0 || m >= 0xff) {
            out.add(fc + ": mask " + String.format("%02x", m & 0xff) + " must hold some bits of the byte but not all"
                    + " (a field of the whole byte has no mask)");
            return;
        }
        if (f.length() != 1) {
            out.add(fc + ": a bit field (mask) is one byte long, this one is " + f.length());
            return;
        }
        if (f.type() != FieldType.CONSTANT && f.type() != FieldType.REQRESP && f.type() != FieldType.UNIDENTIFIED) {
            out.add(fc + ": only constant, reqresp and unidentified fields take a mask");
            return;
        }
        List<String> vs = new ArrayList<>(f.values());
        if (f.request() != null) {
            vs.add(f.request());
        }
        if (f.response() != null) {
            vs.add(f.response());
        }
        for (String v : vs) {
            if (v.matches("[0-9a-f]{2}") && (Integer.parseInt(v, 16) & ~m) != 0) {
                out.add(fc + ": value " + quote(v) + " has bits outside mask " + String.format("%02x", m));
            }
        }
    }

    private static boolean takesEndian(FieldType t) {
        return switch (t) {
            case LENGTH, SEQUENCE -> true;
            case CONSTANT, REQRESP, OPCODE, UNIDENTIFIED -> false;
        };
    }

    private static void checkValues(FieldSpec f, String fc, List<String> out) {
        Set<String> seen = new HashSet<>();
        for (String v : f.values()) {
            checkHex("value", v, f.length(), fc, out);
            if (!seen.add(v)) {
                out.add(fc + ": value " + quote(v) + " is listed twice");
            }
        }
    }

    private static boolean checkHex(String what, String v, int length, String fc, List<String> out) {
        if (!Hex.isLowerHex(v)) {
            out.add(fc + ": " + what + " " + quote(v) + " is not lower-case hex");
            return false;
        }
        if (v.length() / 2 != length) {
            out.add(fc + ": " + what + " " + quote(v) + " is " + v.length() / 2 + " byte" + (v.length() == 2 ? "" : "s")
                    + ", the field is " + length);
            return false;
        }
        return true;
    }

    private static void checkOpcodes(Signature s, String ctx, List<String> out) {
        if (s.opcodes().isEmpty()) {
            return;
        }
        FieldSpec op = s.opcodeField().orElse(null);
        if (op == null) {
            out.add(ctx + ": opcodes are given but there is no opcode field");
        }
        for (Map.Entry<String, OpcodeInfo> e : s.opcodes().entrySet()) {
            String oc = ctx + ", opcode " + quote(e.getKey());
            String k = e.getKey();
            if (!Hex.isLowerHex(k)) {
                out.add(oc + ": not lower-case hex");
            } else if (op != null && k.length() / 2 != op.length()) {
                out.add(oc + ": " + k.length() / 2 + " byte" + (k.length() == 2 ? "" : "s") + ", the opcode field is "
                        + op.length());
            } else if (op != null && s.flowType() == FlowType.UDP && !op.values().contains(k)) {
                out.add(oc + ": not among the opcode field's values (UDP signatures only match listed opcodes)");
            }
            OpcodeInfo info = e.getValue();
            if (info.task().isBlank()) {
                out.add(oc + ": task is empty");
            }
            for (String[] text : new String[][] {{"task", info.task()}, {"service", info.service()},
                    {"trigger", info.trigger()}}) {
                if (text[1] != null && ControlChars.in(text[1])) {
                    out.add(oc + ": " + text[0] + " " + quote(text[1]) + " has control characters");
                }
            }
            switch (info.kind()) {
                case USER -> {
                    if (info.periodS() != null) {
                        out.add(oc + ": period_s is only for periodic tasks");
                    }
                    if (info.trigger() != null) {
                        out.add(oc + ": trigger is only for triggered tasks");
                    }
                }
                case PERIODIC -> {
                    if (info.periodS() != null && !(info.periodS() >= 0 && Double.isFinite(info.periodS()))) {
                        out.add(oc + ": period_s " + info.periodS() + " must be a finite number >= 0");
                    }
                    if (info.trigger() != null) {
                        out.add(oc + ": trigger is only for triggered tasks");
                    }
                }
                case TRIGGERED -> {
                    if (info.periodS() != null) {
                        out.add(oc + ": period_s is only for periodic tasks");
                    }
                    if (info.trigger() != null && info.trigger().isBlank()) {
                        out.add(oc + ": trigger is empty");
                    }
                }
            }
        }
    }

    private static void checkKeywords(Signature s, String ctx, List<String> out) {
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < s.keywords().size(); j++) {
            Keyword k = s.keywords().get(j);
            String kc = ctx + ", keyword " + (j + 1);
            KeywordField f = k.field();
            if (s.form() == SignatureForm.HEADER) {
                continue; // reported once for the signature
            }
            if (f.flowType() != s.flowType() && s.form() != SignatureForm.TEXT) {
                out.add(kc + ": " + f.jsonName() + " keywords belong to " + f.flowType() + " signatures, not "
                        + s.flowType());
            }
            if (k.value().isEmpty() || k.value().length() > MAX_KEYWORD) {
                out.add(kc + ": value must be 1.." + MAX_KEYWORD + " characters");
            } else if (k.value().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                // C1 characters stay: a keyword value holds wire bytes read as ISO-8859-1 (a UTF-8 user agent's
                // "\u2122" is e2 84 a2, 0x84 among them)
                out.add(kc + ": value " + quote(k.value()) + " has control characters");
            } else if (f.isHostName() && !k.value().equals(k.value().toLowerCase(java.util.Locale.ROOT))) {
                out.add(kc + ": " + f.jsonName() + " value " + quote(k.value()) + " must be lower case");
            }
            if (!(k.coverage() >= 0 && k.coverage() <= 1)) {
                out.add(kc + ": coverage " + k.coverage() + " must be between 0 and 1");
            }
            if (k.task() != null) {
                boolean named = switch (f) {
                    case HTTP_URL, HTTP_METHOD, HTTP_HOST, TEXT_LINE -> true;
                    case DNS_QNAME, HTTP_REFERER, HTTP_USER_AGENT, TLS_SNI -> false;
                };
                if (!named) {
                    out.add(kc + ": task is only for http.url, http.host, http.method and text.line keywords");
                } else if (k.task().isBlank()) {
                    out.add(kc + ": task is empty");
                } else if (ControlChars.in(k.task())) {
                    out.add(kc + ": task " + quote(k.task()) + " has control characters");
                }
            }
            if (k.service() != null) {
                if (k.task() == null) {
                    out.add(kc + ": service without a task");
                } else if (k.service().isBlank()) {
                    out.add(kc + ": service is empty");
                } else if (ControlChars.in(k.service())) {
                    out.add(kc + ": service " + quote(k.service()) + " has control characters");
                }
            }
            if (!seen.add(f.jsonName() + "\0" + k.value())) {
                out.add(kc + ": " + f.jsonName() + " " + quote(k.value()) + " is listed twice");
            }
        }
    }

    private static void checkServers(Signature s, String ctx, List<String> out) {
        // keyed by text, not by the records: a record's first hashCode bootstraps its method handles (Server.hashCode
        // was ~17% of reading the signature files at a classify start); the port has no space, so keys are unambiguous
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < s.servers().size(); j++) {
            Server sv = s.servers().get(j);
            String sc = ctx + ", server " + (j + 1);
            if (!isIpLiteral(sv.ip())) {
                out.add(sc + ": ip " + quote(sv.ip()) + " is not an IPv4 or IPv6 address");
            }
            if (sv.port() < 1 || sv.port() > 65535) {
                out.add(sc + ": port " + sv.port() + " must be between 1 and 65535");
            }
            if (!seen.add(sv.ip() + " " + sv.port())) {
                out.add(sc + ": " + sv.ip() + " port " + sv.port() + " is listed twice");
            }
        }
    }

    /** True for a dotted-quad IPv4 address or a lower-case IPv6 literal (no brackets, no zone). */
    public static boolean isIpLiteral(String ip) {
        if (IPV4.matcher(ip).matches()) {
            return true;
        }
        if (!ip.contains(":") || !IPV6.matcher(ip).matches()) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address; // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static void checkProvenance(Provenance p, String pc, List<String> out) {
        for (int j = 0; j < p.captures().size(); j++) {
            CaptureRef c = p.captures().get(j);
            String cc = pc + " capture " + (j + 1);
            if (c.file().isEmpty()) {
                out.add(cc + ": file is empty");
            }
            if (c.sha256().length() != 64 || !Hex.isLowerHex(c.sha256())) {
                out.add(cc + ": sha256 must be 64 lower-case hex digits");
            }
            if (c.packets() < 0) {
                out.add(cc + ": packets " + c.packets() + " is negative");
            }
        }
        if (p.software().isBlank()) {
            out.add(pc + ": software is empty");
        }
        try {
            Instant.parse(p.created());
        } catch (DateTimeParseException e) {
            out.add(pc + ": created " + quote(p.created()) + " is not an ISO-8601 instant such as"
                    + " 2026-11-21T00:00:00Z");
        }
    }
}
