package org.chatdissect.core.flow;

import java.util.List;
import org.chatdissect.model.Direction;

/**
 * Fans flow events out to several observers, in list order. Each observer sees {@link Flow#attachment} as its own:
 * the fan-out keeps one slot per observer and swaps it in around each call, so that observers written to own the
 * attachment (the training and the report collectors) can watch one pass together.
 */
public final class FlowObservers implements FlowObserver {
    private final FlowObserver[] observers;

    private FlowObservers(List<FlowObserver> observers) {
        this.observers = observers.toArray(new FlowObserver[0]);
    }

    public static FlowObserver of(List<FlowObserver> observers) {
        return observers.size() == 1 ? observers.get(0) : new FlowObservers(observers);
    }

    @Override
    public void onFlowStart(Flow flow) {
        Object[] slots = new Object[observers.length];
        for (int i = 0; i < observers.length; i++) {
            flow.attachment = null;
            observers[i].onFlowStart(flow);
            slots[i] = flow.attachment;
        }
        flow.attachment = slots;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long timestampNanos, long frameNumber,
                          byte[] data, int offset, int length, int wireLength) {
        Object[] slots = (Object[]) flow.attachment;
        for (int i = 0; i < observers.length; i++) {
            flow.attachment = slots[i];
            observers[i].onPayload(flow, dir, timestampNanos, frameNumber, data, offset, length, wireLength);
            slots[i] = flow.attachment;
        }
        flow.attachment = slots;
    }

    @Override
    public void onFlowEnd(Flow flow) {
        Object[] slots = (Object[]) flow.attachment;
        for (int i = 0; i < observers.length; i++) {
            flow.attachment = slots[i];
            observers[i].onFlowEnd(flow);
        }
        flow.attachment = null;
    }
}
