package org.chatdissect.core.segreport;

import java.util.List;
import org.chatdissect.core.segment.PayloadSample;

/**
 * One flow to segment: a stable id (e.g. {@code 10.0.0.1:40000-183.3.0.4:8080/tcp#12}, the last part being its
 * first frame), the file it came from, its transport and its payloads in stream order (the {@code protocol} flag of
 * the samples is ignored; grouping decides it), and its TCP directions framed by a length prefix (improved preset),
 * whose frames the report shows instead of their packets.
 */
public record ReportFlow(String id, String file, boolean tcp, List<PayloadSample> packets, List<FramedStream> framed) {
    public ReportFlow {
        packets = List.copyOf(packets);
        framed = List.copyOf(framed);
    }

    /** A flow without framed directions. */
    public ReportFlow(String id, String file, boolean tcp, List<PayloadSample> packets) {
        this(id, file, tcp, packets, List.of());
    }
}
