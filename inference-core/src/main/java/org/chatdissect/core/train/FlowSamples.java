package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;

/**
 * What training keeps of one flow: its identity, its type, the leading bytes of every payload and, for TCP, the
 * text lines of payloads that start with one. Collected by {@link TrainingCollector}; read by {@link FormatPipeline}.
 */
public final class FlowSamples {
    final long id;
    final int protocol;
    final String server;
    final int serverPort;
    final String client;
    /** The client's port; set by the collector (copies made while peeling formats leave it 0). */
    int clientPort;
    FlowType flowType;
    final List<PayloadSample> packets = new ArrayList<>();
    /** Text lines of TCP payloads (only payloads that have one), for {@link TextLineInference}. */
    final List<Line> lines = new ArrayList<>();
    /** TCP: what each length-prefix framing candidate did over each direction's stream (improved preset). */
    List<LengthPrefixFraming.StreamResult> framingUp = List.of();
    List<LengthPrefixFraming.StreamResult> framingDown = List.of();

    /** The first line of the payload {@code packets.get(packet)}: printable ASCII before a CR LF within text.scope. */
    record Line(int packet, Direction dir, long tsNanos, String text) {}

    FlowSamples(long id, int protocol, String client, String server, int serverPort) {
        this.id = id;
        this.protocol = protocol;
        this.client = client;
        this.server = server;
        this.serverPort = serverPort;
    }

    /**
     * A flow known by its payloads alone (no addresses, text lines or framing scan), for callers that hold payloads
     * in memory rather than captures.
     */
    public static FlowSamples of(long id, boolean tcp, List<PayloadSample> packets) {
        FlowSamples f = new FlowSamples(id, tcp ? 6 : 17, "", "", 0);
        f.flowType = tcp ? FlowType.TCP : FlowType.UDP;
        f.packets.addAll(packets);
        return f;
    }

    boolean tcp() {
        return protocol == 6;
    }
}
