package org.chatdissect.store.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.HandCapture;
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
 * Bit fields (format version 3) through the exporters, run by the real tools: tcpdump keeps exactly the frames the
 * reference accepts and the Lua dissector names the same signature per frame, on a trace of flags bytes with every
 * value of their varying bits and with each compared bit flipped. Suricata rules go through the grammar check, with
 * the value shifted as its {@code bitmask} option shifts the masked byte. Tests skip when their tool is missing.
 */
class BitFieldExportToolTest {
    @TempDir
    static Path dir;

    static SignatureSet set;
    static HandCapture trace;
    static Path pcap;

    static final String CLIENT = "10.0.0.2";
    static final String SERVER = "192.0.2.60";

    /** UDP: magic c0de, then flags (bit 7 response, bits 0-2 = 5, bits 3-6 vary), then opcode 11 or 12. */
    static final Signature UDP = new Signature("zoo", "UDP", FlowType.UDP, 8, Status.REVIEWED, List.of(
            FieldSpec.constant(0, 2, "c0de"),
            FieldSpec.bits(2, 0x80, FieldType.REQRESP, List.of(), "00", "80"),
            FieldSpec.bits(2, 0x07, FieldType.CONSTANT, List.of("05"), null, null),
            FieldSpec.bits(2, 0x78, FieldType.UNIDENTIFIED, List.of(), null, null),
            FieldSpec.opcode(3, 1, "11", "12")), null, null, null, null);
    /** TCP: flags first (bits 4-5 are 2 or 3, bit 0 a request flag), then a 3-byte magic. */
    static final Signature TCP = new Signature("zoo", "TCP", FlowType.TCP, 8, Status.REVIEWED, List.of(
            FieldSpec.bits(0, 0x01, FieldType.REQRESP, List.of(), "01", "00"),
            FieldSpec.bits(0, 0x30, FieldType.CONSTANT, List.of("20", "30"), null, null),
            FieldSpec.constant(1, 3, "abcdef")), null, null, null, null);

    static byte[] udp(int flags, int opcode, SplittableRandom rnd) {
        byte[] b = LengthExportToolTest.filled(12, rnd);
        b[0] = (byte) 0xc0;
        b[1] = (byte) 0xde;
        b[2] = (byte) flags;
        b[3] = (byte) opcode;
        return b;
    }

    static byte[] tcp(int flags, SplittableRandom rnd) {
        byte[] b = LengthExportToolTest.filled(20, rnd);
        b[0] = (byte) flags;
        b[1] = (byte) 0xab;
        b[2] = (byte) 0xcd;
        b[3] = (byte) 0xef;
        return b;
    }

    @BeforeAll
    static void build() throws Exception {
        set = SignatureSet.of(List.of(UDP, TCP));
        assertEquals(List.of(), SignatureValidator.problems(set));
        SplittableRandom rnd = new SplittableRandom(7);
        trace = new HandCapture();
        for (int varying = 0; varying < 16; varying += 5) {
            trace.udp(CLIENT, 50000, SERVER, 6000, udp(0x05 | varying << 3, 0x11, rnd));          // request
            trace.udp(SERVER, 6000, CLIENT, 50000, udp(0x85 | varying << 3, 0x12, rnd));          // response
        }
        for (int bit : new int[] {0x01, 0x02, 0x04}) {
            trace.udp(CLIENT, 50000, SERVER, 6000, udp(0x05 ^ bit, 0x11, rnd));                    // constant bit flipped
        }
        trace.udp(CLIENT, 50000, SERVER, 6000, udp(0x05, 0x13, rnd));                              // unknown opcode
        trace.handshake(CLIENT, 40001, SERVER, 47011);
        for (int flags : new int[] {0x21, 0x20, 0x31, 0xf0, 0xce, 0x11, 0x01, 0x2f}) {
            trace.tcp(CLIENT, 40001, SERVER, 47011, tcp(flags, rnd));
        }
        for (int i = 0; i < 20; i++) {
            trace.udp(CLIENT, 51000 + i, SERVER, 6001, LengthExportToolTest.filled(4 + rnd.nextInt(40), rnd));
        }
        pcap = dir.resolve("bits.pcap");
        trace.write(pcap);
    }

    static boolean accepts(Signature s, HandCapture.Frame f) {
        return (s.flowType() == FlowType.TCP) == f.tcp() && HeaderSignatures.matches(s, f.payload());
    }

    static Signature reference(HandCapture.Frame f) {
        return set.signatures().stream().filter(s -> accepts(s, f)).findFirst().orElse(null);
    }

    @Test
    void traceHasMatchesAndNearMisses() {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (HandCapture.Frame f : trace.frames()) {
            Signature s = reference(f);
            if (s != null) {
                n.merge(s.name(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of("UDP", 8, "TCP", 5), n); // 0x21 0x20 0x31 0xf0 0x2f match; 0xce 0x11 0x01 do not
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
    }

    @Test
    void wiresharkLuaLabelsEachFrameLikeTheReference() throws Exception {
        assumeTrue(ExporterToolTest.available("tshark"), "tshark not installed");
        Path lua = dir.resolve("zoo.lua");
        Files.writeString(lua, new WiresharkLuaExporter().export(set));
        Map<Integer, String> got = ExporterToolTest.luaLabels(lua, pcap, "zoo.signature");
        assertEquals(trace.frames().size(), got.size(), got.toString());
        for (int i = 0; i < trace.frames().size(); i++) {
            Signature s = reference(trace.frames().get(i));
            assertEquals(s == null ? "" : s.name(), got.get(i + 1), "frame " + (i + 1));
        }
    }

    @Test
    void suricataComparesBitFieldsWithAShiftedBitmaskTest() {
        String rules = new SuricataExporter(ExportOptions.defaults().suricataSidBase()).export(set);
        List<String> lines = new ArrayList<>();
        for (String line : rules.split("\n")) {
            if (line.startsWith("alert")) {
                TextExportersTest.check(line);
                lines.add(line);
            }
        }
        // UDP: request and response of the response bit (value 1 after the shift past its 7 zero bits), times the
        // two opcodes of a weak UDP signature, the constant bits 0-2 as they are; TCP: 2 request bits x 2 constants
        assertEquals(4 + 4, lines.size(), rules);
        assertTrue(lines.get(0).contains("content:\"|c0 de|\"; offset:0; depth:2; byte_test:1,=,0,2,big,bitmask 0x80;"
                + " byte_test:1,=,5,2,big,bitmask 0x07;"), lines.get(0));
        assertTrue(rules.contains("byte_test:1,=,1,2,big,bitmask 0x80;"), rules);
        // TCP: constant 20 or 30 under mask 30 is 2 or 3 after the shift past 4 zero bits
        assertTrue(rules.contains("byte_test:1,=,2,0,big,bitmask 0x30;"), rules);
        assertTrue(rules.contains("byte_test:1,=,3,0,big,bitmask 0x30;"), rules);
    }
}
