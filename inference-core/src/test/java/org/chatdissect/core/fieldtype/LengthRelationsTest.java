package org.chatdissect.core.fieldtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.LengthRule;
import org.junit.jupiter.api.Test;

class LengthRelationsTest {
    private static final Parameters IMPROVED = Parameters.improved();

    /** Messages of {@code sizes[i]} bytes whose first 16 bytes come from {@code header}. */
    private static List<ProtocolMessage> messages(int[] sizes, java.util.function.BiConsumer<byte[], Integer> header) {
        List<ProtocolMessage> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < sizes.length; i++) {
            byte[] p = new byte[16];
            r.nextBytes(p);
            header.accept(p, sizes[i]);
            out.add(new ProtocolMessage(i % 4, i % 2 == 0 ? Direction.UP : Direction.DOWN, i / 4, p, sizes[i]));
        }
        return out;
    }

    private static List<InferredField> attach(List<ProtocolMessage> msgs, Parameters p, int... cuts) {
        FieldTypeInference.Sample s = FieldTypeInference.sample(msgs);
        List<InferredField> typed = new FieldTypeInference(FieldTypeInference.Config.of(p)).infer(s, new Segmentation(16, cuts));
        return LengthRelations.attach(s, typed, LengthRelations.Config.of(p));
    }

    private static int[] constantSizes(int n, int size) {
        int[] s = new int[n];
        java.util.Arrays.fill(s, size);
        return s;
    }

    @Test
    void constantEqualToTheBytesAfterItIsALittleEndianLength() {
        // the meeting system's audio frames: 8-byte LE length of the bytes after it, 2048 in every frame
        List<ProtocolMessage> msgs = messages(constantSizes(200, 2056), (p, n) -> {
            java.util.Arrays.fill(p, 0, 8, (byte) 0);
            p[0] = (byte) (n - 8);
            p[1] = (byte) ((n - 8) >>> 8);
        });
        List<InferredField> f = attach(msgs, IMPROVED, 8, 12);
        InferredField len = f.get(0);
        assertEquals(FieldType.LENGTH, len.type(), f.toString());
        assertEquals(0, len.offset());
        assertEquals(8, len.length());
        assertEquals("little", len.endian());
        assertEquals(8, len.adjust());
        assertEquals(65536L, len.maxMessage(), "16 x 2056 rounded up to a power of two");
        assertTrue(len.isCriterion(), "48 high-order bits forced to zero identify the header");
    }

    @Test
    void lengthInsideAMagicNumberIsSplitOut() {
        // QQ video's full-size 0x04 packets: 04 0f 15 | length(2, BE) = whole packet
        List<ProtocolMessage> msgs = messages(constantSizes(200, 1067), (p, n) -> {
            p[0] = 0x04;
            p[1] = 0x0f;
            p[2] = 0x15;
            p[3] = (byte) (n >>> 8);
            p[4] = (byte) (int) n;
        });
        List<InferredField> f = attach(msgs, IMPROVED, 5);
        assertEquals("[0-2 constant 040f15, 3-4 length big +0 <=32768, 5-15 unidentified]", f.toString());
        assertFalse(f.get(1).isCriterion(), "a 2-byte length up to 32768 forces 1 bit to zero");
    }

    @Test
    void constantThatIsNotTheLengthStaysConstant() {
        List<ProtocolMessage> msgs = messages(constantSizes(200, 1067), (p, n) -> {
            p[0] = 0x04;
            p[1] = 0x0f;
            p[2] = 0x15;
            p[3] = 0x04;
            p[4] = 0x2c; // 1068: one more than the packet, neither the length nor the bytes after it
        });
        List<InferredField> f = attach(msgs, IMPROVED, 5);
        assertEquals(FieldType.CONSTANT, f.get(0).type());
        assertEquals("040f15042c", HexFormat.of().formatHex(f.get(0).values().get(0)));
    }

    @Test
    void varyingLengthGetsItsOffset() {
        SplittableRandom r = new SplittableRandom(9);
        int[] sizes = new int[300];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 20 + r.nextInt(3000);
        }
        // a 4-byte BE length that counts the body after a 6-byte header
        List<InferredField> f = attach(messages(sizes, (p, n) -> {
            p[0] = 0;
            p[1] = 0;
            p[2] = (byte) ((n - 6) >>> 8);
            p[3] = (byte) (n - 6);
            p[4] = 0x7e;
            p[5] = 0x01;
        }), IMPROVED, 4, 6);
        InferredField len = f.get(0);
        assertEquals("0-3 length big +6 <=65536", len.toString(), f.toString());
    }

    @Test
    void offWithThePaperPreset() {
        List<ProtocolMessage> msgs = messages(constantSizes(200, 2056), (p, n) -> {
            java.util.Arrays.fill(p, 0, 8, (byte) 0);
            p[0] = 0;
            p[1] = 8;
        });
        List<InferredField> f = attach(msgs, Parameters.defaults(), 8, 12);
        assertEquals(FieldType.CONSTANT, f.get(0).type(), "the paper's typing has no relations");
    }

    @Test
    void forcedZeroBits() {
        assertEquals(48, LengthRule.forcedZeroBits(8, 8, 65536));
        assertEquals(0, LengthRule.forcedZeroBits(2, 0, 65536));
        assertEquals(14, LengthRule.forcedZeroBits(4, 0, 1L << 17), "values up to 2^17 need 18 bits");
    }
}
