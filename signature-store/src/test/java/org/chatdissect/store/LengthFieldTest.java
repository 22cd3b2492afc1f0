package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.match.LengthRange;
import org.chatdissect.store.validate.SignatureValidator;
import org.junit.jupiter.api.Test;

/**
 * Length fields with {@code adjust} and {@code max} (format version 2): the reference rule, what it does to the
 * weak-signature rules, validation and the file format.
 */
class LengthFieldTest {
    /** The meeting system's media frames: 8-byte little-endian length of the bytes after it, then data. */
    static Signature len8(FlowType t) {
        return new Signature("meeting", "MEDIA", t, 16, Status.REVIEWED, List.of(FieldSpec.length(0, 8, Endian.LITTLE,
                8, 1 << 20)), null, null, List.of(new Server("192.0.2.50", 5002)), null);
    }

    /** A frame as the meeting client sends it: {@code struct.pack("L", n)} and n bytes of data. */
    static byte[] frame(int n, SplittableRandom rnd) {
        byte[] b = new byte[8 + n];
        long v = n;
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        for (int i = 8; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    static byte[] random(int n, SplittableRandom rnd) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    static String file(int version, String fields, String flowType) {
        return "{\"format\": \"chatdissect-signatures\", \"version\": " + version + ", \"signatures\": [{\"app\": "
                + "\"meeting\", \"name\": \"MEDIA\", \"flow_type\": \"" + flowType + "\", \"scope\": 16, \"status\": "
                + "\"reviewed\", \"fields\": [" + fields + "]}]}\n";
    }

    static SignatureFileException fail(String text) {
        return assertThrows(SignatureFileException.class, () -> SignatureJson.parse(text, "sig.json"));
    }

    @Test
    void lengthOnlyTcpSignatureMatchesFramesAndRejectsRandomPayloads() {
        Signature s = len8(FlowType.TCP);
        assertEquals(List.of(), SignatureValidator.problems(SignatureSet.of(List.of(s))));
        SplittableRandom rnd = new SplittableRandom(2015);
        for (int n : new int[] {8, 100, 2048, 15_000, (1 << 20) - 8}) {
            byte[] f = frame(n, rnd);
            assertTrue(HeaderSignatures.matches(s, f), "frame of " + n);
            // TCP: the first segment of a long frame holds only part of it; the range alone decides
            assertTrue(HeaderSignatures.matches(s, f, 0, Math.min(f.length, 1448)), "first segment of " + n);
        }
        // a message longer than max
        assertFalse(HeaderSignatures.matches(s, frame((1 << 20) - 7, rnd), 0, 1448), "one byte over max");
        int matched = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] p = random(8 + rnd.nextInt(1500), rnd);
            if (HeaderSignatures.matches(s, p)) {
                matched++;
            }
        }
        assertEquals(0, matched); // 44 bits forced to zero: 1 random payload in 2^44
    }

    @Test
    void udpDatagramIsOneMessage() {
        Signature s = len8(FlowType.UDP);
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] f = frame(200, rnd);
        assertTrue(HeaderSignatures.matches(s, f));
        byte[] longer = java.util.Arrays.copyOf(f, f.length + 1);
        assertFalse(HeaderSignatures.matches(s, longer), "one byte longer than its length says");
        assertFalse(HeaderSignatures.matches(s, f, 0, f.length - 1), "one byte shorter");
        // inside a larger buffer, as the flow layer hands payloads over
        byte[] buf = new byte[f.length + 10];
        System.arraycopy(f, 0, buf, 3, f.length);
        assertTrue(HeaderSignatures.matches(s, buf, 3, f.length));
        // the same frame over TCP: any payload length
        assertTrue(HeaderSignatures.matches(len8(FlowType.TCP), longer));
    }

    @Test
    void bigEndianWholeMessageLengthWithAConstant() {
        // QQ-like: 2-byte big-endian length of the whole message (adjust 0), constant 02 at byte 2
        Signature s = new Signature("qq", "OICQ", FlowType.UDP, 16, Status.REVIEWED, List.of(
                FieldSpec.length(0, 2, null, 0, 1500), FieldSpec.constant(2, 1, "02")), null, null, null, null);
        byte[] p = new byte[40];
        p[1] = 40;
        p[2] = 2;
        assertTrue(HeaderSignatures.matches(s, p));
        p[1] = 41;
        assertFalse(HeaderSignatures.matches(s, p));
        p[1] = 2; // a length of 2 is below the 3 bytes every message has
        assertFalse(HeaderSignatures.matches(s, p, 0, 2));
    }

    @Test
    void valuesThatDoNotFitASignedLongFail() {
        Signature s = new Signature("x", "L", FlowType.TCP, 8, Status.REVIEWED, List.of(FieldSpec.length(0, 8, null,
                -8, Long.MAX_VALUE)), null, null, null, null);
        byte[] p = new byte[8];
        java.util.Arrays.fill(p, (byte) 0xff); // 2^64 - 1, minus 8 would be in range without the rule
        assertFalse(HeaderSignatures.matches(s, p));
        p[0] = 0x7f; // 2^63 - 1: fits
        assertTrue(HeaderSignatures.matches(s, p));
        assertEquals(new LengthRange(16, Long.MAX_VALUE), LengthRange.of(s, s.fields().get(0)));
    }

    @Test
    void lengthsWithoutBothKeysAreNotCompared() {
        Signature s = new Signature("x", "L", FlowType.UDP, 8, Status.REVIEWED, List.of(
                new FieldSpec(0, 2, FieldType.LENGTH, null, List.of(), null, null, 0, null),
                FieldSpec.constant(2, 3, "abcdef")), null, null, null, null);
        assertTrue(HeaderSignatures.matches(s, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xab, (byte) 0xcd,
            (byte) 0xef}));
    }

    @Test
    void forcedZeroBytesCountAsComparedBytes() {
        assertEquals(44, len8(FlowType.TCP).fields().get(0).forcedZeroBits()); // 64 - bitLength(2^20 - 8)
        assertEquals(5, len8(FlowType.TCP).comparedBytes());
        // valid on its own, but held to its servers' ports: length prefixes are common in real protocols (Skinny)
        assertEquals(0, len8(FlowType.TCP).valueBytes());
        assertTrue(len8(FlowType.TCP).restrictedToServerPorts());
        assertTrue(len8(FlowType.TCP).allowsServerPort(5002));
        assertFalse(len8(FlowType.TCP).allowsServerPort(2000));
        // a 2-byte length up to 1500 forces 5 bits: no whole byte; with one constant byte the TCP signature is weak
        Signature weak = new Signature("x", "W", FlowType.TCP, 8, Status.REVIEWED, List.of(FieldSpec.constant(0, 1, "01"),
                FieldSpec.length(1, 2, null, 3, 1500)), null, null, List.of(new Server("192.0.2.1", 5004)), null);
        assertEquals(5, weak.fields().get(1).forcedZeroBits());
        assertEquals(1, weak.comparedBytes());
        assertTrue(weak.restrictedToServerPorts());
        // UDP: one constant byte and a 4-byte length up to 1000 (22 forced bits, 2 bytes) no longer need known opcodes
        Signature udp = new Signature("x", "U", FlowType.UDP, 8, Status.REVIEWED, List.of(FieldSpec.constant(0, 1, "01"),
                FieldSpec.opcode(1, 1, "0a"), FieldSpec.length(2, 4, null, 0, 1000)), null, null, null, null);
        assertEquals(3, udp.comparedBytes());
        assertFalse(udp.requiresKnownOpcode());
        // max below adjust: nothing matches, every bit is forced
        assertEquals(16, FieldSpec.length(0, 2, null, 100, 50).forcedZeroBits());
        assertEquals(0, FieldSpec.of(0, 2, FieldType.LENGTH).forcedZeroBits());
    }

    @Test
    void fileRoundTripIsVersion2() throws Exception {
        String text = file(2, "{\"offset\": 0, \"length\": 8, \"type\": \"length\", \"endian\": \"little\", "
                + "\"adjust\": 8, \"max\": 1048576}", "TCP");
        SignatureSet set = SignatureJson.parse(text, "sig.json");
        FieldSpec f = set.signatures().get(0).fields().get(0);
        assertEquals(FieldSpec.length(0, 8, Endian.LITTLE, 8, 1 << 20), f);
        String out = SignatureJson.toJson(set);
        assertTrue(out.contains("\"type\": \"length\",\n          \"endian\": \"little\",\n          \"adjust\": 8,\n"
                + "          \"max\": 1048576\n"), out);
        assertTrue(out.contains("\"version\": 2"), out);
        assertEquals(out, SignatureJson.toJson(SignatureJson.parse(out, "again.json")));
        assertEquals(2, SignatureSet.of(set.signatures()).version());
        assertEquals("sig.json: signature 1 (\"MEDIA\"): length fields with adjust and max need format version 2, the"
                + " set is version 1", fail(text.replace("\"version\": 2", "\"version\": 1")).getMessage());
    }

    @Test
    void validationMessages() {
        String c = "{\"offset\": 8, \"length\": 4, \"type\": \"constant\", \"values\": [\"00100001\"]}";
        assertEquals(List.of("signature 1 (\"MEDIA\"), field 1: only length fields take adjust and max"),
                fail(file(2, "{\"offset\": 0, \"length\": 8, \"type\": \"sequence\", \"adjust\": 8, \"max\": 99}," + c,
                        "TCP")).problems());
        assertEquals(List.of("signature 1 (\"MEDIA\"), field 1: adjust without max (a length is compared only with"
                + " both)"), fail(file(2, "{\"offset\": 0, \"length\": 8, \"type\": \"length\", \"adjust\": 8}," + c,
                        "TCP")).problems());
        assertEquals(List.of("signature 1 (\"MEDIA\"), field 1: max without adjust (a length is compared only with"
                + " both)"), fail(file(2, "{\"offset\": 0, \"length\": 8, \"type\": \"length\", \"max\": 80}," + c,
                        "TCP")).problems());
        assertEquals(List.of("signature 1 (\"MEDIA\"), field 1: max -1 is negative"), fail(file(2, "{\"offset\": 0, "
                + "\"length\": 8, \"type\": \"length\", \"adjust\": 8, \"max\": -1}," + c, "TCP")).problems());
        assertEquals(List.of("signature 1 (\"MEDIA\"), field 1: max 11 is below 12, the length every matching payload"
                + " has (the end of the last field)"), fail(file(2, "{\"offset\": 0, \"length\": 8, \"type\": "
                + "\"length\", \"adjust\": 8, \"max\": 11}," + c, "TCP")).problems());
        assertEquals(List.of("signature 1 (\"MEDIA\"), field 1: no value of this 8-byte field plus adjust 100 lies"
                + " between 12 and max 50, so nothing would match"), fail(file(2, "{\"offset\": 0, \"length\": 8, "
                + "\"type\": \"length\", \"adjust\": 100, \"max\": 50}," + c, "TCP")).problems());
        assertEquals(List.of("signature 1 (\"MEDIA\"), field 1: a compared length field is at most 8 bytes, this one"
                + " is 9"), fail(file(2, "{\"offset\": 0, \"length\": 9, \"type\": \"length\", \"adjust\": 9, "
                + "\"max\": 99}," + c.replace("\"offset\": 8", "\"offset\": 9"), "TCP")).problems());
        // a length alone carries a signature only when it forces 3 whole bytes to zero
        assertEquals(List.of("signature 1 (\"MEDIA\"): no constant or reqresp field nor opcode values, and its"
                + " compared length fields force only 2 whole bytes to zero (3 needed), so the signature would match"
                + " almost any payload"), fail(file(2, "{\"offset\": 0, \"length\": 4, \"type\": \"length\", "
                + "\"adjust\": 4, \"max\": 65539}", "UDP")).problems());
    }

    @Test
    void lengthOnlySignaturesAreValidWhenStrong() throws Exception {
        for (String t : List.of("TCP", "UDP")) {
            SignatureJson.parse(file(2, "{\"offset\": 0, \"length\": 8, \"type\": \"length\", \"endian\": \"little\", "
                    + "\"adjust\": 8, \"max\": 1048576}", t), "sig.json");
            // a 4-byte length of the bytes after it, messages of at most 255 bytes: 24 forced bits
            SignatureJson.parse(file(2, "{\"offset\": 0, \"length\": 4, \"type\": \"length\", \"adjust\": 4, "
                    + "\"max\": 255}", t), "sig.json");
        }
    }
}
