package org.chatdissect.match.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.match.TextSignatures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The compiled {@link TextMatcher} against the store's reference {@link TextSignatures}: random text signatures
 * (a small vocabulary, so keywords share first bytes and are prefixes of each other; small scopes, so lines end on
 * both sides of the scope) on random and built payloads, and on every TCP payload of real captures of text
 * protocols (SMTP, FTP, POP3, IMAP, IRC, SIP) with keywords of those protocols.
 */
class TextMatcherDifferentialTest {
    private static final List<String> WORDS = List.of("create", "room", "c", "clients", "cl", "audio", "send", "recv",
            "a", "USER", "220", "+OK", "GET", "x y", "");
    private final SplittableRandom rnd = new SplittableRandom(2015);

    @Test
    void agreesWithReferenceOnRandomSignaturesAndPayloads() {
        int checked = 0;
        int matched = 0;
        for (int round = 0; round < 300; round++) {
            List<Signature> sigs = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                sigs.add(randomSignature(i));
            }
            CompiledSignatures cs = CompiledSignatures.compile(SignatureSet.of(sigs));
            for (int n = 0; n < 200; n++) {
                byte[] p = payload(sigs);
                int off = 0;
                int len = p.length;
                if (rnd.nextInt(4) == 0) {
                    byte[] q = new byte[p.length + 9];
                    for (int i = 0; i < q.length; i++) {
                        q[i] = (byte) rnd.nextInt(256);
                    }
                    System.arraycopy(p, 0, q, 4, p.length);
                    p = q;
                    off = 4;
                }
                matched += compare(cs.text(), sigs, p, off, len) ? 1 : 0;
                checked++;
            }
        }
        assertEquals(60_000, checked);
        assertTrue(matched > 5_000, "too few matching payloads: " + matched);
    }

    @Test
    void agreesWithReferenceOnRealTextProtocols() throws Exception {
        Path dir = Path.of(System.getProperty("chatdissect.root", "."), "..", "shared", "captures", "ndpi");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("/work/shared/captures/ndpi");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir), "no shared captures: skipped");
        List<Path> files = new ArrayList<>();
        for (String f : List.of("smtp.pcap", "ftp.pcap", "pop3.pcap", "imap.pcap", "irc.pcap", "sip.pcap", "meeting.pcap")) {
            if (Files.exists(dir.resolve(f))) {
                files.add(dir.resolve(f));
            }
        }
        Assumptions.assumeFalse(files.isEmpty(), "no text-protocol captures");
        List<Keyword> ks = new ArrayList<>();
        for (String v : List.of("220", "250", "EHLO", "MAIL FROM:", "MAIL", "USER", "PASS", "+OK", "RETR", "* OK",
                "INVITE", "SIP/2.0 200", "SIP/2.0", "NICK", "PING", "clients", "create room")) {
            ks.add(new Keyword(KeywordField.TEXT_LINE, v, 0.1, v.length() > 4 ? "task " + v : null));
        }
        List<Signature> sigs = List.of(new Signature("text", "TEXT", FlowType.TCP, 64, Status.REVIEWED, null, null, ks,
                null, null), new Signature("short", "TEXT", FlowType.TCP, 8, Status.REVIEWED, null, null,
                List.of(new Keyword(KeywordField.TEXT_LINE, "220", 0.1, null)), null, null));
        CompiledSignatures cs = CompiledSignatures.compile(SignatureSet.of(sigs));
        int[] counts = new int[2];
        FlowObserver obs = new FlowObserver() {
            @Override
            public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wireLen) {
                if (flow.protocol == 6) {
                    counts[0]++;
                    counts[1] += compare(cs.text(), sigs, data, off, len) ? 1 : 0;
                }
            }
        };
        CaptureStats stats = new CaptureStats();
        try (PacketSource src = CaptureReader.open(files, stats)) {
            new CaptureFlows(FlowTableConfig.defaults(), obs).run(src, stats);
        }
        assertTrue(counts[0] > 100, "too few TCP payloads: " + counts[0]);
        assertTrue(counts[1] > 20, "too few matching TCP payloads: " + counts[1]);
    }

    /** Compares first match and task; true when the payload matched. */
    private static boolean compare(TextMatcher m, List<Signature> sigs, byte[] p, int off, int len) {
        Signature sig = null;
        Optional<Keyword> kw = Optional.empty();
        for (Signature s : sigs) {
            kw = TextSignatures.matching(s, p, off, len);
            if (kw.isPresent()) {
                sig = s;
                break;
            }
        }
        int got = m.first(p, off, len);
        String what = new String(p, off, Math.min(len, 70), StandardCharsets.ISO_8859_1);
        if (sig == null) {
            assertEquals(-1, got, "matched " + what);
            return false;
        }
        assertTrue(got >= 0, "missed " + what);
        assertEquals(sig, m.signature(got), what);
        assertEquals(kw.get().value(), m.keyword(got), what);
        assertEquals(TextSignatures.task(sig, p, off, len).orElse(null), m.task(got, p, off, len), what);
        return true;
    }

    private Signature randomSignature(int i) {
        int scope = rnd.nextInt(3) == 0 ? 3 + rnd.nextInt(12) : 16 + rnd.nextInt(60);
        List<Keyword> ks = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int j = 0; j < 1 + rnd.nextInt(6); j++) {
            String v = phrase(1 + rnd.nextInt(2));
            if (v.isEmpty() || v.length() + 2 > scope || !seen.add(v)) {
                continue;
            }
            ks.add(new Keyword(KeywordField.TEXT_LINE, v, 0.5, rnd.nextBoolean() ? "task" + rnd.nextInt(4) : null));
        }
        if (ks.isEmpty()) {
            ks.add(new Keyword(KeywordField.TEXT_LINE, "c", 0.5, null));
        }
        return new Signature("app" + rnd.nextInt(3), "T" + i, FlowType.TCP, scope, Status.REVIEWED, null, null, ks, null,
                null);
    }

    private String phrase(int words) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                b.append(' ');
            }
            b.append(WORDS.get(rnd.nextInt(WORDS.size())));
        }
        return b.toString();
    }

    /** A payload: a keyword line (with or without arguments, sometimes broken), random text, or random bytes. */
    private byte[] payload(List<Signature> sigs) {
        StringBuilder b = new StringBuilder();
        switch (rnd.nextInt(5)) {
            case 0, 1 -> {
                List<Keyword> ks = sigs.get(rnd.nextInt(sigs.size())).keywords();
                b.append(ks.get(rnd.nextInt(ks.size())).value());
                switch (rnd.nextInt(4)) {
                    case 0 -> b.append(' ').append(phrase(1 + rnd.nextInt(3)));
                    case 1 -> b.append(phrase(1));
                    default -> { }
                }
            }
            case 2 -> b.append(phrase(1 + rnd.nextInt(3)));
            case 3 -> {
                for (int i = rnd.nextInt(20); i > 0; i--) {
                    b.append((char) (0x20 + rnd.nextInt(95)));
                }
            }
            default -> {
                byte[] r = new byte[rnd.nextInt(40)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (byte) rnd.nextInt(256);
                }
                return r;
            }
        }
        switch (rnd.nextInt(6)) {
            case 0 -> b.append('\r');
            case 1 -> b.append('\n');
            case 2 -> b.append("\u0001\r\n");
            default -> b.append("\r\n");
        }
        for (int i = rnd.nextInt(8); i > 0; i--) {
            b.append(rnd.nextBoolean() ? "\r\n" : "z");
        }
        byte[] p = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        return rnd.nextInt(8) == 0 ? java.util.Arrays.copyOf(p, rnd.nextInt(p.length + 1)) : p;
    }
}
