package org.chatdissect.store.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.HandCapture;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.validate.SignatureValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compared length fields (format version 2) through the exporters, run by the real tools: tcpdump keeps exactly the
 * frames the reference accepts and the Lua dissector names the same signature per frame, on a trace of frames at the
 * edges of each signature's bounds (the maximum and one past it, the UDP datagram one byte longer than its length,
 * 8-byte values of 2^63 and more, the high part of a 5-byte field), in both byte orders, widths 2 to 8, IPv4 and
 * IPv6. Suricata is not installed here: its rules go through the grammar check, and their over-approximation (UDP
 * lengths as a range) is pinned. Tests skip when their tool is missing.
 */
class LengthExportToolTest {
    @TempDir
    static Path dir;

    static SignatureSet set;
    static HandCapture trace;
    static Path pcap;

    static final String CLIENT = "10.0.0.2";
    static final String SERVER = "192.0.2.50";

    static Signature sig(String name, FlowType t, FieldSpec... fields) {
        return new Signature("meeting", name, t, 16, Status.REVIEWED, List.of(fields), null, null, null, null);
    }

    /**
     * Length-only and without servers, so that it applies on every port (with servers it would be held to their
     * ports, as every TCP header without three bytes of values: Signature.restrictedToServerPorts).
     */
    static final Signature MEDIA = sig("MEDIA", FlowType.TCP, FieldSpec.length(0, 8, Endian.LITTLE, 8, 1 << 20));
    static final Signature MEDIA_UDP = sig("MEDIA-UDP", FlowType.UDP, FieldSpec.length(0, 8, Endian.LITTLE, 8, 1400));
    static final Signature OICQ = sig("OICQ", FlowType.UDP, FieldSpec.length(0, 2, null, 0, 1500),
            FieldSpec.constant(2, 2, "0233"));
    static final Signature WTCP = sig("WTCP", FlowType.TCP, FieldSpec.length(0, 4, Endian.BIG, 0, 65535),
            FieldSpec.constant(4, 4, "00100001"));
    static final Signature ODD = sig("ODD", FlowType.TCP, FieldSpec.constant(0, 2, "abcd"),
            FieldSpec.length(2, 3, Endian.LITTLE, 5, 70_000));
    static final Signature WIDE = sig("WIDE", FlowType.TCP, FieldSpec.constant(0, 2, "c0de"),
            FieldSpec.length(2, 5, null, 7, (1L << 33) + 100));
    static final Signature SIX = sig("SIX", FlowType.UDP, FieldSpec.constant(0, 3, "5a5a5a"),
            FieldSpec.length(3, 6, Endian.LITTLE, -3, 1000), FieldSpec.of(9, 2, FieldType.SEQUENCE));

    static byte[] put(byte[] b, int at, int width, boolean little, long v) {
        for (int i = 0; i < width; i++) {
            int shift = 8 * (little ? i : width - 1 - i);
            b[at + i] = shift >= 64 ? 0 : (byte) (v >>> shift);
        }
        return b;
    }

    static byte[] filled(int n, SplittableRandom rnd) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    /** An 8-byte little-endian length, then {@code n} bytes (only the first {@code segment} of them sent). */
    static byte[] media(long value, int size, SplittableRandom rnd) {
        return put(filled(size, rnd), 0, 8, true, value);
    }

    static byte[] with(String hex, int at, byte[] b) {
        byte[] v = HexFormat.of().parseHex(hex);
        System.arraycopy(v, 0, b, at, v.length);
        return b;
    }

    @BeforeAll
    static void build() throws IOException {
        set = SignatureSet.of(List.of(MEDIA, MEDIA_UDP, OICQ, WTCP, ODD, WIDE, SIX));
        assertEquals(List.of(), SignatureValidator.problems(set));
        SplittableRandom rnd = new SplittableRandom(42);
        trace = new HandCapture();
        trace.handshake(CLIENT, 40001, SERVER, 5002)
                .tcp(CLIENT, 40001, SERVER, 5002, media(2048, 1448, rnd))                 // audio frame, first segment
                .tcp(CLIENT, 40001, SERVER, 5002, media(0, 8, rnd))                       // empty frame: m = 8
                .tcp(CLIENT, 40001, SERVER, 5002, media((1 << 20) - 8, 1448, rnd))        // the longest
                .tcp(CLIENT, 40001, SERVER, 5002, media((1 << 20) - 7, 1448, rnd))        // one byte too long
                .tcp(CLIENT, 40001, SERVER, 5002, media(Long.MIN_VALUE + 5, 100, rnd))    // 2^63 + 5
                .tcp(CLIENT, 40001, SERVER, 5002, media(1L << 32, 100, rnd))              // high part 1
                .tcp(CLIENT, 40001, SERVER, 5002, filled(300, rnd))                       // continuation bytes
                .tcp(CLIENT, 40001, SERVER, 5002, filled(7, rnd))                         // shorter than the field
                .handshake(CLIENT, 40002, SERVER, 8080)
                .tcp(CLIENT, 40002, SERVER, 8080, with("00100001", 4, put(filled(40, rnd), 0, 4, false, 40)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("00100001", 4, put(filled(40, rnd), 0, 4, false, 65535)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("00100001", 4, put(filled(40, rnd), 0, 4, false, 65536)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("00100001", 4, put(filled(40, rnd), 0, 4, false, 7)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("00100001", 4, put(filled(40, rnd), 0, 4, false, 8)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("abcd", 0, put(filled(30, rnd), 2, 3, true, 0)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("abcd", 0, put(filled(30, rnd), 2, 3, true, 69_995)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("abcd", 0, put(filled(30, rnd), 2, 3, true, 69_996)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("abcd", 0, put(filled(30, rnd), 2, 3, true, 0xffffff)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("c0de", 0, put(filled(30, rnd), 2, 5, false, (1L << 33) + 93)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("c0de", 0, put(filled(30, rnd), 2, 5, false, (1L << 33) + 94)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("c0de", 0, put(filled(30, rnd), 2, 5, false, (1L << 32) + 5)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("c0de", 0, put(filled(30, rnd), 2, 5, false, 3L << 32)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("c0de", 0, put(filled(30, rnd), 2, 5, false, 0)))
                .tcp(CLIENT, 40002, SERVER, 8080, with("c0de", 0, put(filled(30, rnd), 2, 5, false, 0xffffffffL)))
                .handshake("2001:db8::2", 40003, "2001:db8::50", 5002)
                .tcp("2001:db8::2", 40003, "2001:db8::50", 5002, media(2048, 1200, rnd))
                .tcp("2001:db8::2", 40003, "2001:db8::50", 5002, media(1 << 21, 1200, rnd))
                .udp(CLIENT, 50000, SERVER, 6000, media(100, 108, rnd))                   // one message
                .udp(CLIENT, 50000, SERVER, 6000, media(100, 109, rnd))                   // one byte longer
                .udp(CLIENT, 50000, SERVER, 6000, media(100, 107, rnd))                   // one byte shorter
                .udp(CLIENT, 50000, SERVER, 6000, media(1392, 1400, rnd))                 // the longest
                .udp(CLIENT, 50000, SERVER, 6000, media(1393, 1401, rnd))                 // over max
                .udp(CLIENT, 50000, SERVER, 6000, media(0, 8, rnd))
                .udp(CLIENT, 50000, SERVER, 6000, media((1L << 32) + 100, 108, rnd))      // high part set
                .udp(CLIENT, 50001, SERVER, 6001, with("0233", 2, put(filled(60, rnd), 0, 2, false, 60)))
                .udp(CLIENT, 50001, SERVER, 6001, with("0233", 2, put(filled(60, rnd), 0, 2, false, 61)))
                .udp(CLIENT, 50001, SERVER, 6001, with("0233", 2, put(filled(4, rnd), 0, 2, false, 4)))
                .udp(CLIENT, 50001, SERVER, 6001, with("0234", 2, put(filled(60, rnd), 0, 2, false, 60)))
                .udp(CLIENT, 50002, SERVER, 6002, with("5a5a5a", 0, put(filled(40, rnd), 3, 6, true, 43)))
                .udp(CLIENT, 50002, SERVER, 6002, with("5a5a5a", 0, put(filled(40, rnd), 3, 6, true, 42)))
                .udp(CLIENT, 50002, SERVER, 6002, with("5a5a5a", 0, put(filled(40, rnd), 3, 6, true, (1L << 40) + 43)))
                .udp(CLIENT, 50002, SERVER, 6002, with("5a5a5a", 0, put(filled(1002, rnd), 3, 6, true, 1005)))
                .udp("2001:db8::2", 50003, "2001:db8::50", 6000, media(300, 308, rnd))
                .udp("2001:db8::2", 50003, "2001:db8::50", 6000, media(300, 309, rnd));
        for (int i = 0; i < 30; i++) {
            trace.udp(CLIENT, 51000 + i, SERVER, 7000, filled(8 + rnd.nextInt(200), rnd));
            trace.tcp(CLIENT, 40002, SERVER, 8080, filled(8 + rnd.nextInt(200), rnd));
        }
        pcap = dir.resolve("lengths.pcap");
        trace.write(pcap);
    }

    /** The first signature (file order, same transport) the reference accepts, else null. */
    static Signature reference(HandCapture.Frame f) {
        for (Signature s : set.signatures()) {
            if ((s.flowType() == FlowType.TCP) == f.tcp() && HeaderSignatures.matches(s, f.payload())) {
                return s;
            }
        }
        return null;
    }

    static boolean accepts(Signature s, HandCapture.Frame f) {
        return (s.flowType() == FlowType.TCP) == f.tcp() && HeaderSignatures.matches(s, f.payload());
    }

    @Test
    void traceHasMatchesAndNearMissesOfEverySignature() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Signature s : set.signatures()) {
            int[] c = new int[2];
            for (HandCapture.Frame f : trace.frames()) {
                if ((s.flowType() == FlowType.TCP) == f.tcp() && f.payload().length > 0) {
                    c[accepts(s, f) ? 0 : 1]++;
                }
            }
            counts.put(s.name(), c);
        }
        assertEquals(4, counts.get("MEDIA")[0]); // 3 IPv4 (partial first segments included) + 1 IPv6
        assertEquals(4, counts.get("MEDIA-UDP")[0]); // exact datagrams: 3 IPv4 + 1 IPv6
        assertEquals(2, counts.get("OICQ")[0]);
        assertEquals(3, counts.get("WTCP")[0]);
        assertEquals(2, counts.get("ODD")[0]);
        assertEquals(4, counts.get("WIDE")[0]);
        assertEquals(1, counts.get("SIX")[0]);
    }

    @Test
    void bpfKeepsExactlyTheFramesTheReferenceAccepts() throws Exception {
        assumeTrue(ExporterToolTest.available("tcpdump"), "tcpdump not installed");
        for (Signature s : set.signatures()) {
            Path out = dir.resolve("bpf-" + s.name() + ".pcap");
            String expr = BpfExporter.expression(s);
            List<String> kept = ExporterToolTest.bpfKept(pcap, expr, out);
            List<String> expected = trace.frames().stream().filter(f -> accepts(s, f))
                    .map(f -> HexFormat.of().formatHex(f.bytes())).toList();
            assertEquals(expected, kept, s.id() + ": " + expr);
        }
        Path file = dir.resolve("lengths.bpf");
        Files.writeString(file, new BpfExporter().export(set));
        Path out = dir.resolve("bpf-all.pcap");
        ExporterToolTest.run(List.of("tcpdump", "-r", pcap.toString(), "-w", out.toString(), "-F", file.toString()));
        List<String> kept = HandCapture.read(out).stream().map(HexFormat.of()::formatHex).toList();
        List<String> expected = trace.frames().stream().filter(f -> reference(f) != null)
                .map(f -> HexFormat.of().formatHex(f.bytes())).toList();
        assertEquals(expected, kept);
    }

    @Test
    void bpfExpressionsOfTheMediaSignatures() {
        String p = "((tcp[12] & 0xf0) >> 2)";
        // 8 bytes little endian: the high 4 bytes (4..7) zero, the low 4 (0..3) at most 2^20 - 8; no lower bound
        assertEquals("ip and tcp and ip[2:2] - ((ip[0] & 0x0f) << 2) - " + p + " >= 8 and ((tcp[" + p + " + 4] + (tcp["
                + p + " + 5] << 8) + (tcp[" + p + " + 6] << 16) + (tcp[" + p + " + 7] << 24)) = 0 and (tcp[" + p
                + " + 0] + (tcp[" + p + " + 1] << 8) + (tcp[" + p + " + 2] << 16) + (tcp[" + p + " + 3] << 24)) <= "
                + "1048568)", BpfExporter.expression(MEDIA, false));
        // UDP: also value + adjust = payload length, the value first bounded so that no sum wraps
        String low = "(udp[8 + 0] + (udp[8 + 1] << 8) + (udp[8 + 2] << 16) + (udp[8 + 3] << 24))";
        assertTrue(BpfExporter.expression(MEDIA_UDP, false).endsWith(low + " <= 1392 and " + low
                + " + 8 = udp[4:2] - 8)"), BpfExporter.expression(MEDIA_UDP, false));
        // a negative adjust moves to the payload side: value = length + 3
        assertTrue(BpfExporter.expression(SIX, true).contains(" = ip6[44:2] - 8 + 3)"), BpfExporter.expression(SIX,
                true));
        // 5 bytes big endian: the high byte, then the low 4, compared lexicographically
        assertTrue(BpfExporter.expression(WIDE, false).endsWith("(tcp[" + p + " + 2] < 2 or (tcp[" + p + " + 2] = 2 and"
                + " tcp[" + p + " + 3:4] <= 93))"), BpfExporter.expression(WIDE, false));
    }

    @Test
    void wiresharkLuaLabelsEachFrameLikeTheReference() throws Exception {
        assumeTrue(ExporterToolTest.available("tshark"), "tshark not installed");
        Path lua = dir.resolve("meeting.lua");
        Files.writeString(lua, new WiresharkLuaExporter().export(set));
        Map<Integer, String> got = ExporterToolTest.luaLabels(lua, pcap, "meeting.signature");
        assertEquals(trace.frames().size(), got.size(), got.toString());
        int labelled = 0;
        for (int i = 0; i < trace.frames().size(); i++) {
            Signature s = reference(trace.frames().get(i));
            labelled += s == null ? 0 : 1;
            assertEquals(s == null ? "" : s.name(), got.get(i + 1), "frame " + (i + 1));
        }
        assertEquals(20, labelled);
    }

    @Test
    void suricataRulesCompareLengthsWithByteTest() {
        String rules = new SuricataExporter(ExportOptions.defaults().suricataSidBase()).export(set);
        List<String> lines = new ArrayList<>();
        for (String line : rules.split("\n")) {
            if (line.startsWith("alert")) {
                TextExportersTest.check(line);
                lines.add(line);
            }
        }
        assertEquals(7, lines.size(), rules);
        // TCP: the range of the value (2^20 - 8 at most, and below 2^63 for any 8-byte value), no content at all
        assertTrue(lines.get(0).startsWith("alert tcp any any -> any any (msg:\"chatdissect meeting/MEDIA\"; "
                + "flow:established; dsize:>=8; "
                + "byte_test:8,<,1048569,0,little; classtype"), lines.get(0));
        // UDP: the datagram between the required length and max, the value bounded; the equality is left out
        assertTrue(lines.get(1).contains("dsize:7<>1401; byte_test:8,<,1393,0,little;"), lines.get(1));
        assertTrue(rules.contains("# the datagram length must equal the length field's value + adjust: not "
                + "expressible, left out (broader than the signature)"), rules);
        assertTrue(lines.get(3).contains("content:\"|00 10 00 01|\"; offset:4; depth:4; byte_test:4,>,7,0,big; "
                + "byte_test:4,<,65536,0,big;"), lines.get(3));
    }
}
