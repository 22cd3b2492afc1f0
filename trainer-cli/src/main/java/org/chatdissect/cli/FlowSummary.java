package org.chatdissect.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.flow.FlowEndReason;
import org.chatdissect.core.flow.FlowTableStats;
import org.chatdissect.model.FlowType;

/**
 * The text {@code chatdissect flows} prints: one {@code label: count} per line, indented breakdowns that
 * add up to the line above them, then one line per warning.
 */
final class FlowSummary {
    private FlowSummary() {}

    static List<String> lines(CaptureStats capture, FlowTableStats flows) {
        List<String> out = new ArrayList<>();
        out.add("packets read: " + capture.packetsRead);
        out.add("  decoded: " + capture.packetsDecoded);
        out.add("  undecoded: " + capture.undecodedTotal());
        for (Map.Entry<String, Long> e : capture.undecodedByReason().entrySet()) {
            out.add("    " + e.getKey() + ": " + e.getValue());
        }
        out.add("flows: " + flows.flows);
        for (FlowType t : FlowType.values()) {
            out.add("  " + t.jsonName() + ": " + flows.flowsByType.getOrDefault(t, 0L));
        }
        out.add("flows ended by: " + flows.flows);
        for (FlowEndReason r : FlowEndReason.values()) {
            out.add("  " + r.name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + flows.flowsByEndReason.getOrDefault(r, 0L));
        }
        out.add("tcp retransmitted segments: " + flows.retransmittedSegments);
        out.add("tcp sequence gaps: " + flows.sequenceGaps);
        out.add("peak live flows: " + flows.peakLiveFlows);
        List<String> warnings = new ArrayList<>(capture.warnings());
        warnings.addAll(flows.warnings());
        if (capture.packetsRead != capture.packetsDecoded + capture.undecodedTotal()) {
            warnings.add("packet accounting does not add up: read " + capture.packetsRead + " != decoded "
                    + capture.packetsDecoded + " + undecoded " + capture.undecodedTotal());
        }
        out.add("warnings: " + warnings.size());
        for (String w : warnings) {
            out.add("  warning: " + UserErrorHandler.oneLine(w));
        }
        return out;
    }
}
