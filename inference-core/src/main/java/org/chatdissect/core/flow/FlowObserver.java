package org.chatdissect.core.flow;

import org.chatdissect.model.Direction;

/**
 * What the flow layer tells the stages above it (trainer, matcher): flows starting, payloads in order,
 * flows ending. Payloads of TCP arrive per direction in sequence order with retransmissions removed.
 *
 * <p>{@link Flow#flowType} may still be null during the first payloads of a TCP flow (the type is decided
 * from the client's first bytes, possibly spread over several segments); it is always set at
 * {@link #onFlowEnd}. The order of {@code onFlowEnd} calls is documented on {@link FlowTable}.
 */
public interface FlowObserver {
    default void onFlowStart(Flow flow) {}

    /**
     * One packet's payload (non-empty), after TCP ordering. The array is only valid during the call.
     *
     * @param frameNumber 1-based frame number of the packet in its file
     */
    void onPayload(Flow flow, Direction dir, long timestampNanos, long frameNumber,
                   byte[] data, int offset, int length, int wireLength);

    /** The flow ended (FIN/RST, idle timeout, eviction or end of input); its counters are final. */
    default void onFlowEnd(Flow flow) {}
}
