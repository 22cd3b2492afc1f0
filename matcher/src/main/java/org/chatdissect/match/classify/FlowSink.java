package org.chatdissect.match.classify;

import org.chatdissect.core.flow.Flow;

/** Receives each flow with its verdict when it ends (the flow's counters are final, its payloads gone). */
public interface FlowSink {
    void flowEnded(Flow flow, FlowVerdict verdict);
}
