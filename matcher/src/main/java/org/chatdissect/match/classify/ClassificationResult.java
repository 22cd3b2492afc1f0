package org.chatdissect.match.classify;

import java.util.List;
import org.chatdissect.core.capture.CaptureStats;

/**
 * Totals of a classification run: frame accounting (every frame read is decoded or undecoded, every decoded one
 * is in a classified or an unknown flow) and flows/packets/bytes per app.
 */
public record ClassificationResult(List<String> files, List<String> apps, CaptureStats capture, AppCounters counters,
        long flows, long sessions, List<String> warnings) {
    public long packetsClassified() {
        return counters.classifiedPackets();
    }

    public long packetsUnknown() {
        return counters.packets(counters.unknownIndex());
    }
}
