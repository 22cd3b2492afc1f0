package org.chatdissect.match.classify;

import java.util.List;
import org.chatdissect.core.flow.Flow;

/** Several sinks, called in list order. */
final class FlowSinks implements FlowSink {
    private final FlowSink[] sinks;

    FlowSinks(List<FlowSink> sinks) {
        this.sinks = sinks.toArray(new FlowSink[0]);
    }

    @Override
    public void flowEnded(Flow flow, FlowVerdict verdict) {
        for (FlowSink s : sinks) {
            s.flowEnded(flow, verdict);
        }
    }
}
