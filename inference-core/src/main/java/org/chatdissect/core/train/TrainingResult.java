package org.chatdissect.core.train;

import java.util.List;
import java.util.Map;

/**
 * Everything the trainer learnt from one application's clean traces, before it becomes a signature
 * file (the signature model lives in signature-store, which depends on this module).
 *
 * @param newestPacketNanos capture time of the newest packet, the deterministic "when" of provenance
 * @param endpoints static server endpoints of flows no header format describes ({@link EndpointInference})
 */
public record TrainingResult(String app, List<HeaderFormat> headerFormats, List<LearnedKeyword> keywords,
                             List<String> inputs, Map<String, String> parameters, long newestPacketNanos,
                             Stats stats, List<LearnedEndpoints> endpoints) {
    public TrainingResult {
        endpoints = List.copyOf(endpoints);
        headerFormats = List.copyOf(headerFormats);
        keywords = List.copyOf(keywords);
        inputs = List.copyOf(inputs);
        parameters = Map.copyOf(parameters);
    }

    /** Counts for the user: every packet read is accounted for. */
    public record Stats(long packetsRead, long packetsDecoded, Map<String, Long> undecoded, long flows,
                        long flowsFilteredOut, long headerFlows, long headerPackets, List<String> warnings) {}
}
