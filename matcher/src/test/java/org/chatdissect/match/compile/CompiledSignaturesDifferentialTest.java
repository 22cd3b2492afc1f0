package org.chatdissect.match.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Hex;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.match.KeywordSignatures;
import org.junit.jupiter.api.Test;

/**
 * The compiled matcher against the store's reference semantics ({@link HeaderSignatures}, {@link KeywordSignatures})
 * on random signatures and payloads, on payloads built to match (so both outcomes are exercised), and on the
 * paper's example file.
 */
class CompiledSignaturesDifferentialTest {
    private final SplittableRandom rnd = new SplittableRandom(20151);

    @Test
    void headerMatcherAgreesWithReferenceOnRandomSignaturesAndPayloads() {
        int checked = 0;
        int matched = 0;
        for (int round = 0; round < 300; round++) {
            List<Signature> sigs = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
                sigs.add(randomSignature(i, rnd.nextBoolean() ? FlowType.TCP : FlowType.UDP));
            }
            CompiledSignatures cs = CompiledSignatures.compile(SignatureSet.of(sigs));
            for (int n = 0; n < 200; n++) {
                Signature base = sigs.get(rnd.nextInt(sigs.size()));
                byte[] p = rnd.nextInt(3) == 0 ? randomBytes(rnd.nextInt(40)) : matchingPayload(base);
                int off = 0;
                int len = p.length;
                if (len > 0 && rnd.nextInt(4) == 0) {
                    // payload inside a larger buffer, as the flow layer hands it over
                    byte[] q = randomBytes(p.length + 7);
                    System.arraycopy(p, 0, q, 3, p.length);
                    p = q;
                    off = 3;
                }
                matched += compare(cs, sigs, p, off, len);
                checked++;
            }
        }
        assertEquals(60_000, checked);
        org.junit.jupiter.api.Assertions.assertTrue(matched > 10_000, "too few matching payloads: " + matched);
    }

    @Test
    void headerMatcherAgreesWithReferenceUnderAVersionTolerance() {
        int tolerated = 0;
        for (int round = 0; round < 200; round++) {
            List<Signature> sigs = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
                sigs.add(randomSignature(i, rnd.nextBoolean() ? FlowType.TCP : FlowType.UDP));
            }
            int tolerance = 1 + rnd.nextInt(3);
            CompiledSignatures cs = CompiledSignatures.compile(List.of(SignatureSet.of(sigs)), tolerance);
            for (int n = 0; n < 200; n++) {
                Signature base = sigs.get(rnd.nextInt(sigs.size()));
                byte[] p = matchingPayload(base);
                // a new version: a few bytes changed, some of them inside constants
                for (int k = rnd.nextInt(4); k > 0 && p.length > 0; k--) {
                    p[rnd.nextInt(p.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                compare(cs, sigs, p, 0, p.length);
                if (HeaderSignatures.matches(base, p, 0, p.length, tolerance)
                        && !HeaderSignatures.matches(base, p, 0, p.length)) {
                    tolerated++;
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(tolerated > 1_000, "too few payloads matching by the tolerance only: "
                + tolerated);
    }

    @Test
    void headerMatcherAgreesOnTheExampleFile() throws IOException {
        SignatureSet set;
        try (InputStream in = getClass().getResourceAsStream("/wechat-example.json")) {
            set = in == null ? null : SignatureJson.read(in, "wechat-example.json");
        }
        if (set == null) {
            return; // resource optional: the random test covers the semantics
        }
        List<Signature> header = set.signatures().stream().filter(Signature::isHeaderSignature).toList();
        CompiledSignatures cs = CompiledSignatures.compile(SignatureSet.of(header));
        for (int n = 0; n < 20_000; n++) {
            Signature base = header.get(rnd.nextInt(header.size()));
            byte[] p = rnd.nextBoolean() ? randomBytes(rnd.nextInt(40)) : matchingPayload(base);
            compare(cs, header, p, 0, p.length);
        }
    }

    private int compare(CompiledSignatures cs, List<Signature> sigs, byte[] p, int off, int len) {
        int hits = 0;
        for (FlowType t : List.of(FlowType.TCP, FlowType.UDP)) {
            HeaderMatcher m = t == FlowType.TCP ? cs.tcp() : cs.udp();
            List<Signature> ofType = sigs.stream().filter(s -> s.flowType() == t).toList();
            int expectedFirst = -1;
            long expectedApps = 0;
            for (int i = 0; i < ofType.size(); i++) {
                Signature s = ofType.get(i);
                boolean ref = HeaderSignatures.matches(s, p, off, len, cs.versionTolerance());
                assertEquals(ref, m.matches(i, p, off, len), () -> s + " on " + Hex.encode(p, off, len));
                if (ref) {
                    hits++;
                    if (expectedFirst < 0) {
                        expectedFirst = i;
                    }
                    expectedApps |= 1L << cs.apps().indexOf(s.app());
                    Optional<Boolean> rq = HeaderSignatures.isRequest(s, p, off, len);
                    assertEquals(rq.isEmpty() ? -1 : rq.get() ? 1 : 0, m.isRequest(i, p, off, len));
                    Optional<OpcodeInfo> task = HeaderSignatures.task(s, p, off, len);
                    Optional<String> op = HeaderSignatures.opcode(s, p, off, len);
                    assertEquals(op.orElse(null), m.opcodeHex(i, p, off, len));
                    if (m.hasOpcode(i, len)) {
                        assertEquals(op.get(), m.opcodeHex(i, m.opcode(i, p, off)));
                        assertEquals(task.orElse(null), m.task(i, m.opcode(i, p, off)));
                    }
                }
            }
            assertEquals(expectedFirst, m.first(p, off, len));
            HeaderMatcher.Matches all = new HeaderMatcher.Matches();
            m.match(p, off, len, -1L, all);
            assertEquals(expectedApps, all.apps);
            assertEquals(expectedFirst, all.first);
        }
        return hits;
    }

    @Test
    void keywordMatcherAgreesWithReference() {
        String[] pool = {"weixin.qq.com", "short.weixin", "qq.com", "qpic", "skype", "ui.skype.com", "Mozilla", "GET",
                "POST", "/cgi-bin/micromsg-bin/uploadmsgimg", "/cgi-bin", "getm", "mmsns.qpic.cn", "x"};
        for (int round = 0; round < 2000; round++) {
            List<Signature> sigs = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                FlowType t = List.of(FlowType.DNS, FlowType.HTTP, FlowType.TLS).get(rnd.nextInt(3));
                List<Keyword> ks = new ArrayList<>();
                for (int k = 0; k < 1 + rnd.nextInt(5); k++) {
                    KeywordField f = randomField(t);
                    String v = pool[rnd.nextInt(pool.length)];
                    if (f.isHostName()) {
                        v = v.toLowerCase(java.util.Locale.ROOT);
                    }
                    String task = (f == KeywordField.HTTP_URL || f == KeywordField.HTTP_METHOD
                            || f == KeywordField.HTTP_HOST) && rnd.nextBoolean() ? "task" + rnd.nextInt(5) : null;
                    ks.add(new Keyword(f, v, 0.5, task));
                }
                sigs.add(new Signature("app" + rnd.nextInt(3), "K" + i, t, 0, Status.REVIEWED, null, null, ks, null, null));
            }
            CompiledSignatures cs = CompiledSignatures.compile(SignatureSet.of(sigs));
            KeywordMatcher km = cs.keywords();
            for (int n = 0; n < 20; n++) {
                Map<KeywordField, String> attrs = new EnumMap<>(KeywordField.class);
                for (KeywordField f : KeywordField.values()) {
                    if (rnd.nextInt(3) > 0) {
                        String v = pool[rnd.nextInt(pool.length)] + (rnd.nextBoolean() ? "" : pool[rnd.nextInt(pool.length)]);
                        attrs.put(f, f.isHostName() && rnd.nextBoolean() ? v.toUpperCase(java.util.Locale.ROOT) + "." : v);
                    }
                }
                for (FlowType t : List.of(FlowType.DNS, FlowType.HTTP, FlowType.TLS)) {
                    int expected = -1;
                    for (int i = 0; i < sigs.size(); i++) {
                        if (KeywordSignatures.matches(sigs.get(i), t, attrs)) {
                            expected = i;
                            break;
                        }
                    }
                    int got = km.first(t, KeywordMatcher.host(attrs.get(KeywordField.DNS_QNAME)),
                            KeywordMatcher.host(attrs.get(KeywordField.HTTP_HOST)), attrs.get(KeywordField.HTTP_USER_AGENT),
                            attrs.get(KeywordField.HTTP_REFERER), KeywordMatcher.host(attrs.get(KeywordField.TLS_SNI)));
                    assertEquals(expected, got, () -> sigs + " " + attrs);
                    if (got >= 0 && t == FlowType.HTTP) {
                        assertEquals(KeywordSignatures.task(sigs.get(got), t, attrs).orElse(null),
                                km.task(got, attrs.get(KeywordField.HTTP_URL),
                                        KeywordMatcher.host(attrs.get(KeywordField.HTTP_HOST)),
                                        attrs.get(KeywordField.HTTP_METHOD)));
                    }
                }
            }
        }
    }

    private KeywordField randomField(FlowType t) {
        List<KeywordField> fs = java.util.Arrays.stream(KeywordField.values()).filter(f -> f.flowType() == t).toList();
        return fs.get(rnd.nextInt(fs.size()));
    }

    private Signature randomSignature(int i, FlowType t) {
        int scope = 4 + rnd.nextInt(20);
        List<FieldSpec> fields = new ArrayList<>();
        int at = 0;
        boolean compared = false;
        boolean opcode = false;
        boolean rr = false;
        java.util.SortedMap<String, OpcodeInfo> ops = new java.util.TreeMap<>();
        while (at < scope) {
            int len = Math.min(scope - at, 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 12 : 4));
            int kind = rnd.nextInt(6);
            if (rnd.nextInt(6) == 0) {
                // a flags byte: its bits split among a reqresp, a constant and an unidentified bit field
                int rrMask = rr ? 0 : 1 << rnd.nextInt(8);
                int constMask = rnd.nextInt(256) & ~rrMask;
                if (constMask == 0 || (rrMask | constMask) == 0xff) {
                    constMask = 0;
                }
                if (rrMask != 0) {
                    fields.add(FieldSpec.bits(at, rrMask, FieldType.REQRESP, List.of(), "00",
                            String.format("%02x", rrMask)));
                    rr = true;
                    compared = true;
                }
                if (constMask != 0) {
                    fields.add(FieldSpec.bits(at, constMask, FieldType.CONSTANT,
                            List.of(String.format("%02x", rnd.nextInt(256) & constMask)), null, null));
                    compared = true;
                }
                int rest = 0xff & ~rrMask & ~constMask;
                if (rest != 0 && rest != 0xff) {
                    fields.add(FieldSpec.bits(at, rest, FieldType.UNIDENTIFIED, List.of(), null, null));
                } else if (rest == 0xff) {
                    fields.add(FieldSpec.of(at, 1, FieldType.UNIDENTIFIED));
                }
                at++;
                continue;
            }
            if (kind == 0) {
                List<String> vals = new ArrayList<>();
                for (int v = 0; v < 1 + rnd.nextInt(3); v++) {
                    String h = Hex.encode(smallBytes(len));
                    if (!vals.contains(h)) {
                        vals.add(h);
                    }
                }
                fields.add(new FieldSpec(at, len, FieldType.CONSTANT, null, vals, null, null));
                compared = true;
            } else if (kind == 1 && !rr) {
                String a = Hex.encode(smallBytes(len));
                String b = Hex.encode(smallBytes(len));
                if (!a.equals(b)) {
                    fields.add(FieldSpec.reqresp(at, len, a, b));
                    rr = true;
                    compared = true;
                }
            } else if (kind == 2 && !opcode && len <= 2) {
                List<String> vals = new ArrayList<>();
                for (int v = 0; v < 1 + rnd.nextInt(4); v++) {
                    String h = Hex.encode(smallBytes(len));
                    if (!vals.contains(h)) {
                        vals.add(h);
                        if (rnd.nextBoolean()) {
                            ops.put(h, OpcodeInfo.user("t" + h, "s"));
                        }
                    }
                }
                fields.add(new FieldSpec(at, len, FieldType.OPCODE, null, vals, null, null));
                opcode = true;
                compared |= t == FlowType.UDP;
            } else if (kind == 3) {
                fields.add(new FieldSpec(at, len, FieldType.SEQUENCE, rnd.nextBoolean()
                        ? org.chatdissect.model.Endian.LITTLE : null, List.of(), null, null));
            } else if (kind == 4) {
                fields.add(FieldSpec.of(at, len, FieldType.UNIDENTIFIED));
            } else if (rnd.nextBoolean() && len <= 8) {
                fields.add(randomLength(at, len));
            } else {
                fields.add(FieldSpec.of(at, len, FieldType.LENGTH));
            }
            at += len;
        }
        if (!compared) {
            // a header signature needs a compared field (the validator refuses others): add a constant at the end
            fields.add(FieldSpec.constant(scope, 1, Hex.encode(smallBytes(1))));
            scope++;
        }
        return new Signature("app" + rnd.nextInt(3), "S" + i, t, scope, Status.REVIEWED, fields, ops, null, null, null);
    }

    /** A payload satisfying the signature's compared fields (then sometimes one byte flipped). */
    private byte[] matchingPayload(Signature s) {
        int len = HeaderSignatures.requiredLength(s) + rnd.nextInt(4) - (rnd.nextInt(10) == 0 ? 1 : 0);
        byte[] p = randomBytes(Math.max(0, len));
        for (FieldSpec f : s.fields()) {
            String v = switch (f.type()) {
                case CONSTANT, OPCODE -> f.values().isEmpty() ? null : f.values().get(rnd.nextInt(f.values().size()));
                case REQRESP -> rnd.nextBoolean() ? f.request() : f.response();
                default -> null;
            };
            if (v != null && f.end() <= p.length && f.isBitField()) {
                p[f.offset()] = (byte) (p[f.offset()] & ~f.mask() | Hex.decode(v)[0] & 0xff);
            } else if (v != null && f.end() <= p.length) {
                System.arraycopy(Hex.decode(v), 0, p, f.offset(), f.length());
            }
            if (f.comparesLength() && f.end() <= p.length && rnd.nextInt(6) > 0) {
                writeLength(s, f, p);
            }
        }
        if (p.length > 0 && rnd.nextInt(8) == 0) {
            p[rnd.nextInt(p.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return p;
    }

    @Test
    void headerMatcherAgreesOnLengthOnlyAndMixedSignatures() {
        int matched = 0;
        int lengthDecided = 0;
        for (int round = 0; round < 400; round++) {
            List<Signature> sigs = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(5); i++) {
                sigs.add(randomLengthSignature(i, rnd.nextBoolean() ? FlowType.TCP : FlowType.UDP, rnd.nextBoolean()));
            }
            CompiledSignatures cs = CompiledSignatures.compile(SignatureSet.of(sigs));
            for (int n = 0; n < 150; n++) {
                Signature base = sigs.get(rnd.nextInt(sigs.size()));
                byte[] p = rnd.nextInt(4) == 0 ? randomBytes(rnd.nextInt(60)) : matchingPayload(base);
                int off = 0;
                int len = p.length;
                if (len > 0 && rnd.nextInt(4) == 0) {
                    byte[] q = randomBytes(p.length + 9);
                    System.arraycopy(p, 0, q, 5, p.length);
                    p = q;
                    off = 5;
                }
                matched += compare(cs, sigs, p, off, len);
                // payloads whose verdict the lengths alone decide: everything else of the base matches
                if (len >= HeaderSignatures.requiredLength(base) && HeaderSignatures.matches(withoutLengths(base), p, off,
                        len) && !HeaderSignatures.matches(base, p, off, len)) {
                    lengthDecided++;
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(matched > 10_000, "too few matching payloads: " + matched);
        org.junit.jupiter.api.Assertions.assertTrue(lengthDecided > 5_000, "too few payloads rejected by their lengths: "
                + lengthDecided);
    }

    @Test
    void unsignedReadsAgreeWithTheReferenceByteOrder() {
        for (int n = 0; n < 20_000; n++) {
            int w = 1 + rnd.nextInt(10);
            byte[] b = randomBytes(w + 6);
            if (w > 8 && rnd.nextBoolean()) {
                for (int i = 0; i < w - 8; i++) {
                    b[3 + (rnd.nextBoolean() ? i : w - 1 - i)] = 0; // sometimes the high bytes of one order are zero
                }
            }
            for (boolean little : new boolean[] {false, true}) {
                java.math.BigInteger ref = java.math.BigInteger.ZERO;
                for (int i = 0; i < w; i++) {
                    int at = 3 + (little ? w - 1 - i : i);
                    ref = ref.shiftLeft(8).add(java.math.BigInteger.valueOf(b[at] & 0xff));
                }
                long got = HeaderMatcher.unsigned(b, 3, w, little);
                if (ref.bitLength() <= 63) {
                    assertEquals(ref.longValueExact(), got, () -> Hex.encode(b) + " w" + w + " little " + little);
                } else {
                    org.junit.jupiter.api.Assertions.assertTrue(got < 0, () -> Hex.encode(b) + " w" + w);
                }
            }
        }
    }

    /** Length-only (no constant at all) or mixed with constants, reqresp and opcodes; widths 1, 2, 4, 8 mostly. */
    private Signature randomLengthSignature(int i, FlowType t, boolean mixed) {
        List<FieldSpec> fields = new ArrayList<>();
        int at = rnd.nextInt(3);
        int lengths = 1 + (rnd.nextInt(4) == 0 ? 1 : 0);
        java.util.SortedMap<String, OpcodeInfo> ops = new java.util.TreeMap<>();
        boolean opcode = false;
        for (int k = 0; k < lengths; k++) {
            int w = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(8) : new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
            fields.add(randomLength(at, w));
            at += w;
            if (mixed) {
                int len = 1 + rnd.nextInt(3);
                switch (rnd.nextInt(4)) {
                    case 0 -> fields.add(FieldSpec.constant(at, len, Hex.encode(smallBytes(len))));
                    case 1 -> fields.add(FieldSpec.reqresp(at, len, Hex.encode(new byte[len]),
                            Hex.encode(new byte[len]).replaceFirst("00$", "01")));
                    case 2 -> {
                        if (!opcode) {
                            String h = Hex.encode(smallBytes(len));
                            fields.add(FieldSpec.opcode(at, len, h));
                            ops.put(h, OpcodeInfo.user("t", "s"));
                            opcode = true;
                        }
                    }
                    default -> fields.add(new FieldSpec(at, len, FieldType.SEQUENCE, null, List.of(), null, null));
                }
                at += len;
            }
            at += rnd.nextInt(3);
        }
        if (rnd.nextInt(3) == 0) {
            fields.add(FieldSpec.of(at, 1 + rnd.nextInt(4), FieldType.UNIDENTIFIED)); // does not count in the length
        }
        int end = fields.get(fields.size() - 1).end();
        return new Signature("app" + rnd.nextInt(3), "L" + i, t, end + rnd.nextInt(4), Status.REVIEWED, fields, ops,
                null, null, null);
    }

    /** A compared length field with adjust and max from common framings and from the edges of their ranges. */
    private FieldSpec randomLength(int at, int width) {
        org.chatdissect.model.Endian e = switch (rnd.nextInt(3)) {
            case 0 -> org.chatdissect.model.Endian.LITTLE;
            case 1 -> org.chatdissect.model.Endian.BIG;
            default -> null;
        };
        int adjust = switch (rnd.nextInt(7)) {
            case 0 -> 0;
            case 1 -> at + width; // counts the bytes after it
            case 2 -> -rnd.nextInt(10);
            case 3 -> rnd.nextInt(40);
            case 4 -> Integer.MIN_VALUE + rnd.nextInt(3);
            case 5 -> Integer.MAX_VALUE - rnd.nextInt(3);
            default -> width;
        };
        long max = switch (rnd.nextInt(7)) {
            case 0 -> 1L << 20;
            case 1 -> rnd.nextInt(70);
            case 2 -> Long.MAX_VALUE - rnd.nextInt(2);
            case 3 -> 255 + rnd.nextInt(3) + Math.max(0, adjust);
            case 4 -> 65535 + rnd.nextInt(3);
            case 5 -> -1 - rnd.nextInt(3); // invalid, but both matchers must still agree
            default -> rnd.nextLong(1L << 40);
        };
        return FieldSpec.length(at, width, e, adjust, max);
    }

    /** Writes a value into a compared length field: the right one (UDP: the payload length) or one just off it. */
    private void writeLength(Signature s, FieldSpec f, byte[] p) {
        long m;
        if (s.flowType() == FlowType.UDP && rnd.nextInt(4) > 0) {
            m = p.length;
        } else {
            long req = HeaderSignatures.requiredLength(s);
            m = switch (rnd.nextInt(5)) {
                case 0 -> f.max();
                case 1 -> req;
                case 2 -> req + rnd.nextInt(3000);
                case 3 -> f.max() + rnd.nextInt(3) - 1;
                default -> req - 1;
            };
        }
        long v;
        try {
            v = Math.subtractExact(m, (long) f.adjust());
        } catch (ArithmeticException e) {
            v = Long.MIN_VALUE + rnd.nextInt(5); // 2^63 and a little: refused although value + adjust might fit
        }
        if (rnd.nextInt(5) == 0) {
            v += rnd.nextBoolean() ? 1 : -1;
        }
        if (rnd.nextInt(40) == 0) {
            v = Long.MIN_VALUE + rnd.nextInt(5);
        }
        for (int i = 0; i < f.length(); i++) {
            int shift = 8 * (f.endian() == org.chatdissect.model.Endian.LITTLE ? i : f.length() - 1 - i);
            p[f.offset() + i] = shift >= 64 ? 0 : (byte) (v >>> shift);
        }
    }

    /** The signature with its length fields not compared. */
    private static Signature withoutLengths(Signature s) {
        List<FieldSpec> fs = s.fields().stream().map(f -> f.comparesLength() ? new FieldSpec(f.offset(), f.length(),
                f.type(), f.endian(), f.values(), f.request(), f.response()) : f).toList();
        return new Signature(s.app(), s.name(), s.flowType(), s.scope(), s.status(), fs, s.opcodes(), s.keywords(),
                s.servers(), s.associations(), s.provenance());
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    /** Bytes from a small alphabet so random payloads hit values now and then. */
    private byte[] smallBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(3);
        }
        return b;
    }
}
