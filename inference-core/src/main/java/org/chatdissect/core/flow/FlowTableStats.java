package org.chatdissect.core.flow;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.chatdissect.model.FlowType;

/** Totals of one flow table run: what the summary prints. Flow counts by type add up to {@link #flows}. */
public final class FlowTableStats {
    public long packets;
    public long flows;
    public final EnumMap<FlowType, Long> flowsByType = new EnumMap<>(FlowType.class);
    public final EnumMap<FlowEndReason, Long> flowsByEndReason = new EnumMap<>(FlowEndReason.class);
    public long retransmittedSegments;
    public long retransmittedBytes;
    public long overlapBytesTrimmed;
    public long sequenceGaps;
    public long gapBytes;
    public int maxFlows;
    public int peakLiveFlows;

    void countEnded(Flow f) {
        flows++;
        flowsByType.merge(f.flowType, 1L, Long::sum);
        flowsByEndReason.merge(f.endReason, 1L, Long::sum);
    }

    public long evicted() {
        return flowsByEndReason.getOrDefault(FlowEndReason.EVICTED, 0L);
    }

    /** One line each, for the user; empty when nothing deserves attention. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (evicted() > 0) {
            w.add(evicted() + " flows evicted early because the live-flow cap (" + maxFlows
                    + ") was reached; their counters cover only the packets seen before eviction");
        }
        if (sequenceGaps > 0) {
            w.add(sequenceGaps + " TCP sequence gaps (" + gapBytes + " bytes never captured) skipped");
        }
        return w;
    }

    public Map<FlowType, Long> flowsByType() {
        return flowsByType;
    }
}
