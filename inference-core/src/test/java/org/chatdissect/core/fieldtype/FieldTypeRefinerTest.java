package org.chatdissect.core.fieldtype;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Test;

/** Refinement rules of {@code segment.refine=field_types} on generated messages. */
class FieldTypeRefinerTest {
    /** Messages {@code [op0 op1 | seq seq | random...]}: a 16-bit command, a big-endian counter per flow. */
    private static FieldTypeInference.Sample commands(int[][] opcodes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ProtocolMessage> msgs = new ArrayList<>();
        for (int flow = 0; flow < 6; flow++) {
            int seq = r.nextInt(60000);
            for (int i = 0; i < 80; i++) {
                int[] op = opcodes[r.nextInt(opcodes.length)];
                byte[] m = new byte[12];
                m[0] = (byte) op[0];
                m[1] = (byte) op[1];
                m[2] = (byte) (seq >> 8);
                m[3] = (byte) seq;
                for (int k = 4; k < m.length; k++) {
                    m[k] = (byte) r.nextInt(256);
                }
                seq++;
                msgs.add(new ProtocolMessage(flow, i % 2 == 0 ? Direction.UP : Direction.DOWN, i, m, 40 + r.nextInt(300)));
            }
        }
        return FieldTypeInference.sample(msgs);
    }

    @Test
    void twoCommandBytesThatDetermineEachOtherAreOneField() {
        int[][] ops = {{0x12, 0x9a}, {0x40, 0x03}, {0x7f, 0xc1}, {0xa5, 0x5a}, {0xe0, 0x11}, {0x31, 0x77}};
        Segmentation cut = new Segmentation(4, new int[] {1, 2});
        Segmentation refined = refiner().refine(commands(ops, 1), cut);
        assertArrayEquals(new int[] {2}, refined.boundaries(), refined.toString());
    }

    @Test
    void aSecondByteTheFirstFixesJoinsIt() {
        // 0x5c follows both 0x58 and 0x6b: not one-to-one, but the first byte fixes the second, as the two bytes of
        // a little-endian 16-bit command whose low byte tells the commands apart (session 5; it was left apart)
        int[][] ops = {{0x58, 0x5c}, {0x6b, 0x5c}, {0x7f, 0xc1}, {0xa5, 0x5a}, {0xe0, 0x11}, {0x31, 0x77}};
        Segmentation cut = new Segmentation(4, new int[] {1, 2});
        Segmentation refined = refiner().refine(commands(ops, 2), cut);
        assertArrayEquals(new int[] {2}, refined.boundaries(), refined.toString());
    }

    @Test
    void aSecondByteTheCommandDoesNotFixStaysApart() {
        // the same commands' first bytes, each followed by a byte that varies from message to message
        int[][] ops = new int[6 * 40][];
        int[] first = {0x58, 0x6b, 0x7f, 0xa5, 0xe0, 0x31};
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < ops.length; i++) {
            ops[i] = new int[] {first[i % first.length], r.nextInt(256)};
        }
        Segmentation cut = new Segmentation(4, new int[] {1, 2});
        Segmentation refined = refiner().refine(commands(ops, 3), cut);
        assertArrayEquals(new int[] {1, 2}, refined.boundaries(), refined.toString());
    }

    private static FieldTypeRefiner refiner() {
        Parameters p = Parameters.improved();
        return new FieldTypeRefiner(FieldTypeInference.Config.of(p), p.veMaxFieldLength());
    }

    /** Messages {@code [c0 c1 | hi lo | data]}: a two-byte command, a big-endian block counter from 1 in each flow. */
    private static FieldTypeInference.Sample blocks(int c0, int c1, int hi) {
        SplittableRandom r = new SplittableRandom(5);
        List<ProtocolMessage> msgs = new ArrayList<>();
        for (int flow = 0; flow < 6; flow++) {
            for (int i = 0; i < 120; i++) {
                byte[] m = new byte[8];
                m[0] = (byte) c0;
                m[1] = (byte) c1;
                m[2] = (byte) hi;
                m[3] = (byte) (i + 1);
                for (int k = 4; k < m.length; k++) {
                    m[k] = (byte) r.nextInt(256);
                }
                msgs.add(new ProtocolMessage(flow, Direction.UP, i, m, 516));
            }
        }
        return FieldTypeInference.sample(msgs);
    }

    @Test
    void aCounterTakesTheZeroHighByteTheConstantBeforeItHolds() {
        // fewer than 256 blocks: the counter's high byte is 00 throughout, and VE glues it to the command
        Segmentation cut = new Segmentation(4, new int[] {3});
        assertArrayEquals(new int[] {2}, refiner().refine(blocks(0x00, 0x03, 0x00), cut).boundaries());
    }

    @Test
    void aNonZeroConstantByteStaysWithTheConstant() {
        Segmentation cut = new Segmentation(4, new int[] {3});
        assertArrayEquals(new int[] {3}, refiner().refine(blocks(0x00, 0x03, 0x05), cut).boundaries());
    }
}
