package org.chatdissect.core.fieldtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Test;

/** What reads as a flags byte, bit by bit, and what does not (numbers, opcodes, rare flags, the paper preset). */
class BitFlagsTest {
    static final BitFlags.Config ON = BitFlags.Config.of(Parameters.improved());

    /**
     * Request/response pairs in 6 flows of 40 messages; byte 0 of message k (0-based within its flow) is
     * {@code b.applyAsInt(k, random)}, byte 1 a fixed magic.
     */
    static FieldTypeInference.Sample sample(IntBinaryOperator b) {
        SplittableRandom rnd = new SplittableRandom(5);
        List<ProtocolMessage> msgs = new ArrayList<>();
        for (int flow = 0; flow < 6; flow++) {
            for (int k = 0; k < 40; k++) {
                byte[] p = {(byte) b.applyAsInt(k, rnd.nextInt(1 << 30)), 0x7e};
                msgs.add(new ProtocolMessage(flow, k % 2 == 0 ? Direction.UP : Direction.DOWN, k, p, 2));
            }
        }
        return FieldTypeInference.sample(msgs);
    }

    @Test
    void aResponseBitConstantBitsAndBusyBitsAreAFlagsByte() {
        // bit 7 set in responses, bits 0-2 = 5, bits 3-6 drawn per message
        var s = sample((k, r) -> (k % 2 == 1 ? 0x80 : 0) | 0x05 | (r & 0x78));
        assertEquals(new BitFlags.Layout(0x80, 0x00, 0x07, 0x05, 0x78), BitFlags.of(s, 0, ON));
        assertNull(BitFlags.of(s, 0, BitFlags.Config.of(Parameters.defaults())), "off in the paper preset");
        assertNull(BitFlags.of(s, 1, ON), "a constant byte is no flags byte");
    }

    @Test
    void aDenseOpcodeSetIsNotFourFlags() {
        // 16 commands 40..4f, the heartbeat (43) half of the time: bits 0-3 each busy, bit 6 constant, but tied to
        // each other; drawn uniformly, the same 16 values are four independent flags
        var s = sample((k, r) -> 0x40 | (r % 2 == 0 ? 3 : (r >>> 1) % 16));
        assertNull(BitFlags.of(s, 0, ON));
        var uniform = sample((k, r) -> 0x40 | r % 16);
        assertEquals(new BitFlags.Layout(0, 0, 0xf0, 0x40, 0x0f), BitFlags.of(uniform, 0, ON));
    }

    @Test
    void theHighByteOfASmallNumberIsNotAFlagsByte() {
        // x of a mouse event below 2048: the high byte's top 5 bits are zero, its 3 low bits random
        var s = sample((k, r) -> r & 0x07);
        assertNull(BitFlags.of(s, 0, ON));
    }

    @Test
    void aRarelySetBitLeavesTheByteWhole() {
        // like the first, plus bit 5 set in 1 message of 100: neither constant nor busy
        var s = sample((k, r) -> (k % 2 == 1 ? 0x80 : 0) | 0x05 | (r & 0x58) | (r % 100 == 0 ? 0x20 : 0));
        assertNull(BitFlags.of(s, 0, ON));
    }
}
