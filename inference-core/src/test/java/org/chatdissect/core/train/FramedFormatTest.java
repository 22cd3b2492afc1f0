package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.core.fieldtype.FramedFormat;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.junit.jupiter.api.Test;

/**
 * Header learning on length-prefix framed TCP streams whose frames start in the middle of segments (a sender writing
 * faster than the network drains: the meeting system's media on a real network), where the packet model sees one
 * header per burst at best and no constant byte to anchor on.
 */
class FramedFormatTest {
    static final int MSS = 1460;

    /** One flow: uplink frames {@code length(4, LE) of the data | data}, back to back in full segments. */
    static FlowSamples flow(long id, SplittableRandom r, Parameters params) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = 30 + r.nextInt(20);
        for (int i = 0; i < n; i++) {
            int data = 50 + r.nextInt(r.nextBoolean() ? 400 : 6000);
            byte[] f = new byte[4 + data];
            r.nextBytes(f);
            for (int k = 0; k < 4; k++) {
                f[k] = (byte) (data >>> (8 * k));
            }
            b.writeBytes(f);
        }
        byte[] all = b.toByteArray();
        FlowSamples fs = new FlowSamples(id, 6, "10.0.0." + (1 + id % 3), "93.184.0.9", 7000);
        fs.flowType = FlowType.TCP;
        LengthPrefixFraming.Config cfg = LengthPrefixFraming.Config.of(params);
        LengthPrefixFraming.Scanner up = new LengthPrefixFraming.Scanner(cfg);
        LengthPrefixFraming.Scanner down = new LengthPrefixFraming.Scanner(cfg);
        long ts = 1_000_000_000L * id;
        for (int o = 0; o < all.length; o += MSS) {
            byte[] p = Arrays.copyOfRange(all, o, Math.min(all.length, o + MSS));
            fs.packets.add(new PayloadSample(Direction.UP, ts += 1000, fs.packets.size() + 1,
                    Arrays.copyOf(p, Math.min(16, p.length)), p.length, false));
            up.accept(p, 0, p.length, p.length);
            down.otherDirection();
        }
        fs.framingUp = up.finish(false);
        fs.framingDown = down.finish(false);
        return fs;
    }

    static List<FlowSamples> flows(Parameters params) {
        SplittableRandom r = new SplittableRandom(11);
        List<FlowSamples> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            out.add(flow(i, r, params));
        }
        return out;
    }

    @Test
    void framesMidSegmentGiveTheLength() {
        Parameters p = Parameters.improved();
        List<String> log = new ArrayList<>();
        List<HeaderFormat> formats = new HeaderFormatInference(p, List.of(), log::add).learn(FlowType.TCP, flows(p));
        assertEquals(1, formats.size(), formats + "\n" + String.join("\n", log));
        HeaderFormat h = formats.get(0);
        InferredField len = h.fields().get(0);
        assertEquals("0-3 length little +4 <=131072", len.toString(), h.fields().toString());
        assertEquals(4, len.adjust());
        assertEquals(131_072L, len.maxMessage(), "16 times the longest frame (<= 6053 bytes), rounded up to a power of two");
        assertTrue(h.fields().stream().skip(1).allMatch(f -> f.type() == FieldType.UNIDENTIFIED), h.fields().toString());
        assertEquals(List.of(new HeaderFormat.Endpoint("93.184.0.9", 7000)), h.servers());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("TCP framing 0-3 length little +4: 8 streams, 0 described")),
                String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("framed streams learnt as frames")), String.join("\n", log));
    }

    @Test
    void thePaperPresetDoesNotFrame() {
        Parameters p = Parameters.defaults();
        List<String> log = new ArrayList<>();
        List<HeaderFormat> formats = new HeaderFormatInference(p, List.of(), log::add).learn(FlowType.TCP, flows(p));
        for (HeaderFormat h : formats) {
            for (InferredField f : h.fields()) {
                assertNull(f.adjust(), h.fields().toString());
            }
        }
        assertTrue(log.stream().noneMatch(l -> l.contains("framing")), log.toString());
    }

    @Test
    void frameLimitRoundsUpToAPowerOfTwo() {
        assertEquals(65_536L, FramedFormat.frameLimit(59_847, 1));
        assertEquals(65_536L, FramedFormat.frameLimit(65_536, 1));
        assertEquals(131_072L, FramedFormat.frameLimit(65_537, 1));
        assertEquals(1_048_576L, FramedFormat.frameLimit(59_847, 16));
        assertEquals(2L, FramedFormat.frameLimit(2, 1));
    }

    @Test
    void theFramingsLengthReplacesWhatTypingMadeOfItsBytes() {
        LengthPrefixFraming.Candidate c = new LengthPrefixFraming.Candidate(1, 4, false, 5);
        List<InferredField> typed = List.of(
                new InferredField(0, 2, FieldType.CONSTANT, List.of(new byte[] {1, 0}), null, null, null),
                new InferredField(2, 1, FieldType.OPCODE, List.of(new byte[] {0}, new byte[] {1}), null, null, null),
                new InferredField(3, 4, FieldType.UNIDENTIFIED, List.of(), null, null, null));
        List<InferredField> out = FramedFormat.withFramingLength(typed, c, 80_005);
        assertEquals("[0 constant 01, 1-4 length big +5 <=80005, 5-6 unidentified]", out.toString());
        assertEquals(5, out.get(1).adjust());
        assertEquals(80_005L, out.get(1).maxMessage());
        // a length field typing already found keeps its place; it gains the relation
        List<InferredField> found = List.of(new InferredField(0, 8, FieldType.LENGTH, List.of(), null, null, "little"));
        LengthPrefixFraming.Candidate media = new LengthPrefixFraming.Candidate(0, 8, true, 8);
        InferredField l = FramedFormat.withFramingLength(found, media, 60_008).get(0);
        assertEquals(8, l.adjust());
        assertEquals(60_008L, l.maxMessage());
        // typing's relation (from the sampled frames): the larger max for the same adjust, the framing's adjust
        List<InferredField> related = List.of(found.get(0).withLengthRelation(8, 32_768));
        assertEquals(60_008L, FramedFormat.withFramingLength(related, media, 60_008).get(0).maxMessage());
        related = List.of(found.get(0).withLengthRelation(8, 131_072));
        assertEquals(131_072L, FramedFormat.withFramingLength(related, media, 60_008).get(0).maxMessage());
        related = List.of(found.get(0).withLengthRelation(0, 131_072));
        InferredField x = FramedFormat.withFramingLength(related, media, 60_008).get(0);
        assertEquals(8, x.adjust());
        assertEquals(60_008L, x.maxMessage());
    }
}
