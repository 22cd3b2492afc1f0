package org.chatdissect.core.flow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chatdissect.model.Direction;

/** Records flow events and reassembles each flow's streams, for assertions. */
final class RecordingObserver implements FlowObserver {
    final List<String> events = new ArrayList<>();
    final List<Flow> ended = new ArrayList<>();
    final Map<Long, ByteArrayOutputStream> up = new HashMap<>();
    final Map<Long, ByteArrayOutputStream> down = new HashMap<>();

    @Override
    public void onFlowStart(Flow flow) {
        events.add("start " + flow.id);
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wireLen) {
        if (len <= 0) {
            throw new AssertionError("empty payload delivered");
        }
        (dir == Direction.UP ? up : down).computeIfAbsent(flow.id, k -> new ByteArrayOutputStream()).write(data, off, len);
        events.add("payload " + flow.id + " " + dir + " " + len);
    }

    @Override
    public void onFlowEnd(Flow flow) {
        events.add("end " + flow.id + " " + flow.endReason);
        ended.add(flow);
    }

    String up(long id) {
        ByteArrayOutputStream b = up.get(id);
        return b == null ? "" : b.toString(StandardCharsets.ISO_8859_1);
    }

    String down(long id) {
        ByteArrayOutputStream b = down.get(id);
        return b == null ? "" : b.toString(StandardCharsets.ISO_8859_1);
    }
}
