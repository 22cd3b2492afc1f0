package org.chatdissect.core.flow;

import java.util.List;
import org.chatdissect.core.model.Direction;

/** Fans flow events out to several observers, in list order. */
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
        for (FlowObserver o : observers) {
            o.onFlowStart(flow);
        }
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long timestampNanos, long frameNumber,
                          byte[] data, int offset, int length, int wireLength) {
        for (FlowObserver o : observers) {
            o.onPayload(flow, dir, timestampNanos, frameNumber, data, offset, length, wireLength);
        }
    }

    @Override
    public void onFlowEnd(Flow flow) {
        for (FlowObserver o : observers) {
            o.onFlowEnd(flow);
        }
    }
}
