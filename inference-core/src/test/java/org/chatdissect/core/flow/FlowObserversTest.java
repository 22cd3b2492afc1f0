package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Test;

class FlowObserversTest {
    /** Counts payload bytes on the attachment, as the collectors keep their per-flow state there. */
    static final class Counting implements FlowObserver {
        final String name;
        final List<String> ended = new ArrayList<>();

        Counting(String name) {
            this.name = name;
        }

        @Override
        public void onFlowStart(Flow flow) {
            flow.attachment = new StringBuilder(name);
        }

        @Override
        public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wire) {
            ((StringBuilder) flow.attachment).append(':').append(len);
        }

        @Override
        public void onFlowEnd(Flow flow) {
            ended.add(flow.attachment.toString());
            flow.attachment = null;
        }
    }

    @Test
    void eachObserverKeepsItsOwnAttachment() {
        Counting a = new Counting("a");
        Counting b = new Counting("b");
        FlowObserver both = FlowObservers.of(List.of(a, b));
        Flow one = new Flow();
        Flow two = new Flow();
        both.onFlowStart(one);
        both.onFlowStart(two);
        both.onPayload(one, Direction.UP, 0, 1, new byte[10], 0, 3, 3);
        both.onPayload(two, Direction.DOWN, 0, 2, new byte[10], 0, 7, 7);
        both.onPayload(one, Direction.DOWN, 0, 3, new byte[10], 0, 5, 5);
        both.onFlowEnd(one);
        both.onFlowEnd(two);
        assertEquals(List.of("a:3:5", "a:7"), a.ended);
        assertEquals(List.of("b:3:5", "b:7"), b.ended);
        assertNull(one.attachment);
    }
}
