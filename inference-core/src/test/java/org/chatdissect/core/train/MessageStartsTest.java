package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Test;

/** Which TCP payloads can start a message ({@link HeaderFormatInference#messageStarts}). */
class MessageStartsTest {
    private static FlowSamples flow(int protocol, Object... dirAndLength) {
        FlowSamples f = new FlowSamples(1, protocol, "10.0.0.1", "10.0.0.2", 5004);
        for (int i = 0; i < dirAndLength.length; i += 2) {
            int len = (Integer) dirAndLength[i + 1];
            f.packets.add(new PayloadSample((Direction) dirAndLength[i], i, i, new byte[Math.min(16, len)], len, false));
        }
        return f;
    }

    @Test
    void continuationsOfLongMessagesAreNoStarts() {
        Direction d = Direction.DOWN;
        Direction u = Direction.UP;
        // header, image in 3 full segments and a short one, mouse event up, header, image
        FlowSamples f = flow(6, d, 5, d, 1460, d, 1460, d, 1460, d, 700, u, 6, d, 5, d, 1460, d, 300);
        assertArrayEquals(new boolean[] {true, true, false, false, false, true, true, true, false},
                HeaderFormatInference.messageStarts(f));
    }

    @Test
    void smallSegmentsAndUdpAreAllStarts() {
        Direction u = Direction.UP;
        // below 536 bytes a "longest" payload is no full segment: small messages all count
        assertArrayEquals(new boolean[] {true, true, true}, HeaderFormatInference.messageStarts(flow(6, u, 200, u, 200, u, 200)));
        assertArrayEquals(new boolean[] {true, true, true},
                HeaderFormatInference.messageStarts(flow(17, u, 1460, u, 1460, u, 1460)));
    }
}
