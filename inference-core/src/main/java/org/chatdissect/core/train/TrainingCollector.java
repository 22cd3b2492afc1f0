package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowAddresses;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.inspect.DnsQuery;
import org.chatdissect.core.inspect.HttpRequest;
import org.chatdissect.core.inspect.Probe;
import org.chatdissect.core.inspect.TextLine;
import org.chatdissect.core.segment.FlowFraming;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;

/**
 * Gathers the training material of section III-A from the flow layer: inspected field values of DNS,
 * HTTP and TLS flows (direct field inspection) and the leading bytes of every TCP/UDP payload
 * (payload segmentation). A flow's type is final only when it ends, so samples are kept per flow and
 * sorted into the right pile then. Made by {@link Trainer} and {@link FormatPipeline#collector}.
 */
public final class TrainingCollector implements FlowObserver {
    private final int scope;
    private final boolean allFlows;
    private final int textScope;
    private final ServerFilter filter;
    private final java.util.function.Predicate<Flow> flowFilter;
    /** Length-prefix framing scanned on each TCP direction as it streams by; null when off. */
    private final LengthPrefixFraming.Config framing;
    private final List<LengthPrefixFraming.Candidate> framingCandidates;
    private final List<FlowSamples> headerFlows = new ArrayList<>();
    private final List<FieldObservation> fields = new ArrayList<>();
    private final List<ServerEndpoint> servers = new ArrayList<>();
    private long flowsSeen;
    private long flowsFiltered;
    private long newestNanos;

    /** Per-flow state hung on {@link Flow#attachment}. */
    private static final class State {
        final FlowSamples samples;
        final List<FieldObservation> inspected = new ArrayList<>();
        String qname;
        /** Framing scan of a TCP flow's directions (improved preset), or null. */
        FlowFraming framing;

        State(FlowSamples s) {
            samples = s;
        }
    }

    /** A server endpoint seen in training, with the flow type it served. */
    record ServerEndpoint(String ip, int port, FlowType flowType) {}

    /**
     * @param scope      bytes kept per payload; 0 keeps whole payloads (scope {@code all})
     * @param textScope  bytes in which a TCP payload's text line must end (text.scope); 0 keeps no lines
     * @param flowFilter checked at flow start; a rejected flow keeps no samples and counts as filtered out
     * @param framing    length-prefix framing to scan TCP directions for (improved preset), or null
     * @param allFlows   DNS, HTTP and TLS flows are also kept as the TCP or UDP payloads they are (besides their
     *                   inspected fields), for a view of every flow's bytes
     */
    TrainingCollector(int scope, int textScope, ServerFilter filter, java.util.function.Predicate<Flow> flowFilter,
                      LengthPrefixFraming.Config framing, boolean allFlows) {
        this.framing = framing;
        this.framingCandidates = framing == null ? null : LengthPrefixFraming.candidates(framing);
        this.scope = scope;
        this.textScope = textScope;
        this.filter = filter;
        this.flowFilter = flowFilter;
        this.allFlows = allFlows;
    }

    @Override
    public void onFlowStart(Flow flow) {
        if (!flowFilter.test(flow)) {
            flowsSeen++;
            flowsFiltered++;
            return;
        }
        String client = FlowAddresses.format(flow.client, flow.ipVersion);
        String server = FlowAddresses.format(flow.server, flow.ipVersion);
        FlowSamples samples = new FlowSamples(flow.id, flow.protocol, client, server, flow.serverPort);
        samples.clientPort = flow.clientPort;
        State st = new State(samples);
        if (framing != null && flow.protocol == 6) {
            st.framing = new FlowFraming(framing, framingCandidates);
        }
        flow.attachment = st;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wireLen) {
        if (!(flow.attachment instanceof State st)) {
            return;
        }
        int keep = scope == 0 ? len : Math.min(scope, len);
        st.samples.packets.add(new PayloadSample(dir, ts, frame, Arrays.copyOfRange(data, off, off + keep), wireLen, false));
        if (st.framing != null) {
            st.framing.payload(flow.flowType, dir, data, off, len, wireLen);
        }
        if (flow.protocol == 6 && textScope > 0) {
            // the line may end beyond segment.scope, so it is taken here rather than from the kept prefix
            String line = TextLine.of(data, off, len, textScope);
            if (line != null) {
                st.samples.lines.add(new FlowSamples.Line(st.samples.packets.size() - 1, dir, ts, line));
            }
        }
        if (dir != Direction.UP) {
            return;
        }
        double t = ts / 1e9;
        if (flow.protocol == 17 && flow.serverPort == 53) {
            String q = DnsQuery.parseQname(data, off, len);
            if (q != null) {
                st.inspected.add(new FieldObservation("dns.qname", q, t, st.samples.client));
                st.qname = q;
            }
        } else if (flow.protocol == 6 && HttpRequest.probe(data, off, len) == Probe.MATCHED) {
            HttpRequest r = HttpRequest.parse(data, off, len);
            if (r != null) {
                add(st, "http.method", r.method(), t);
                add(st, "http.url", r.url(), t);
                add(st, "http.host", r.host(), t);
                add(st, "http.referer", r.referer(), t);
                add(st, "http.user_agent", r.userAgent(), t);
            }
        }
    }

    private static void add(State st, String field, String value, double t) {
        if (value != null && !value.isEmpty()) {
            st.inspected.add(new FieldObservation(field, value, t, st.samples.client));
        }
    }

    @Override
    public void onFlowEnd(Flow flow) {
        if (!(flow.attachment instanceof State st)) {
            return;
        }
        flow.attachment = null;
        flowsSeen++;
        newestNanos = Math.max(newestNanos, flow.endNanos);
        if (!filter.accepts(flow.server, flow.ipVersion, flow.serverPort, flow.sni, flow.host, st.qname)) {
            flowsFiltered++;
            return;
        }
        FlowType transport = flow.protocol == 6 ? FlowType.TCP : FlowType.UDP;
        FlowType type = flow.flowType == null ? transport : flow.flowType;
        st.samples.flowType = type;
        servers.add(new ServerEndpoint(st.samples.server, flow.serverPort, type));
        if (allFlows && type != transport) {
            st.samples.flowType = transport;
            keepHeaderFlow(flow, st);
        }
        switch (type) {
            case DNS -> fields.addAll(st.inspected.stream().filter(o -> o.field().startsWith("dns.")).toList());
            case HTTP -> fields.addAll(st.inspected.stream().filter(o -> o.field().startsWith("http.")).toList());
            case TLS -> {
                if (flow.sni != null) {
                    fields.add(new FieldObservation("tls.sni", flow.sni, flow.startNanos / 1e9, st.samples.client));
                }
            }
            case TCP, UDP -> keepHeaderFlow(flow, st);
        }
    }

    private void keepHeaderFlow(Flow flow, State st) {
        FlowFraming.Streams framed = st.framing == null ? null : st.framing.finish(flow);
        if (framed != null) {
            st.samples.framingUp = framed.up();
            st.samples.framingDown = framed.down();
        }
        if (!st.samples.packets.isEmpty()) {
            headerFlows.add(st.samples);
        }
    }

    /** TCP and UDP flows with a payload, in the order they ended: header learning's material. */
    public List<FlowSamples> headerFlows() {
        return headerFlows;
    }

    List<FieldObservation> fieldObservations() {
        return fields;
    }

    List<ServerEndpoint> servers() {
        return servers;
    }

    /** Capture time of the newest packet seen: the deterministic "when" recorded in provenance. */
    long newestNanos() {
        return newestNanos;
    }

    long flowsSeen() {
        return flowsSeen;
    }

    long flowsFiltered() {
        return flowsFiltered;
    }
}
