package org.chatdissect.match.classify;

import java.util.List;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.inspect.DnsQuery;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.match.compile.KeywordMatcher;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;

/**
 * Classifies flows by application and task as {@link org.chatdissect.core.flow.CaptureFlows} delivers them:
 * DNS by the first query name, HTTP per request, TLS by SNI (keyword signatures); UDP by the all-packets rule;
 * TCP by its protocol packets. Per-flow state lives on {@link Flow#attachment} and is dropped when the flow
 * ends, so memory follows the live flows. Not thread-safe: one instance per flow table.
 */
public final class FlowClassifier implements FlowObserver {
    private final CompiledSignatures sigs;
    private final FlowSink sink;
    private final AssociationTable associations;
    /** One UDP packet's matches, reused (one instance per flow table, as this class). */
    private final org.chatdissect.match.compile.HeaderMatcher.Matches udpMatches =
            new org.chatdissect.match.compile.HeaderMatcher.Matches();

    public FlowClassifier(CompiledSignatures sigs, FlowSink sink) {
        this(sigs, sink, AssociationTable.DEFAULT_IDLE_NANOS, org.chatdissect.core.flow.FlowTableConfig.DEFAULT_MAX_FLOWS);
    }

    /**
     * @param associationIdleNanos how long an unused association lives (the user-session idle time)
     * @param maxAssociations      entries kept per association kind at most (least recently used evicted)
     */
    public FlowClassifier(CompiledSignatures sigs, FlowSink sink, long associationIdleNanos, int maxAssociations) {
        this.sigs = sigs;
        this.sink = sink;
        this.associations = new AssociationTable(sigs.endpoints(), associationIdleNanos, maxAssociations);
    }

    /** Per-flow state: which parts exist depends on the transport and, for TCP, on the decided type. */
    private static final class State {
        final SecondRuns.Builder seconds = new SecondRuns.Builder();
        TcpTaskTracker tcp;
        TextTaskTracker text;
        HttpTaskTracker http;
        UdpFlowRule udp;
        UdpTaskTracker udpTasks;
        String qname;
        boolean dnsSeen;
        AssociationTable.Attribution early; // endpoint or association known at flow start
    }

    @Override
    public void onFlowStart(Flow flow) {
        State st = new State();
        if (flow.protocol == 6) {
            st.tcp = new TcpTaskTracker(sigs.tcp(), flow.serverPort);
            st.text = sigs.text().size() == 0 ? null : new TextTaskTracker(sigs.text());
            st.http = new HttpTaskTracker(sigs.keywords());
        } else {
            st.udp = new UdpFlowRule(sigs.udp());
            st.udpTasks = new UdpTaskTracker(sigs.udp());
        }
        st.early = associations.atStart(flow);
        flow.attachment = st;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wireLen) {
        State st = (State) flow.attachment;
        st.seconds.add(ts);
        FlowType t = flow.flowType;
        if (flow.protocol == 17) {
            if (t == FlowType.DNS) {
                if (!st.dnsSeen) {
                    st.dnsSeen = true;
                    st.qname = DnsQuery.parseQname(data, off, len);
                }
            } else {
                int sig = st.udp.onPayload(data, off, len, udpMatches);
                st.udpTasks.onPayload(dir, ts, frame, sig, data, off, len, wireLen);
            }
            return;
        }
        // the TCP type may be undecided during the first payloads: feed both trackers until it is
        if (t == null || t == FlowType.TCP) {
            st.tcp.onPayload(dir, ts, frame, data, off, len, wireLen);
            if (st.text != null) {
                st.text.onPayload(dir, ts, frame, data, off, len, wireLen);
            }
        } else if (st.tcp != null) {
            st.tcp = null;
            st.text = null;
        }
        if (t == null || t == FlowType.HTTP) {
            st.http.onPayload(dir, ts, frame, data, off, len, wireLen);
        } else if (st.http != null) {
            st.http = null;
        }
    }

    @Override
    public void onFlowEnd(Flow flow) {
        State st = flow.attachment instanceof State s ? s : new State();
        flow.attachment = null;
        sink.flowEnded(flow, associations.settle(flow, verdict(flow, st), st.early));
    }

    private FlowVerdict verdict(Flow flow, State st) {
        SecondRuns seconds = st.seconds.build();
        KeywordMatcher kw = sigs.keywords();
        FlowType type = flow.flowType != null ? flow.flowType : flow.protocol == 6 ? FlowType.TCP : FlowType.UDP;
        switch (type) {
            case DNS, TLS -> {
                int s = type == FlowType.DNS
                        ? kw.first(FlowType.DNS, KeywordMatcher.host(st.qname), null, null, null, null)
                        : kw.first(FlowType.TLS, null, null, null, null, KeywordMatcher.host(flow.sni));
                return s < 0 ? unknown(seconds) : new FlowVerdict(kw.app(s), kw.signature(s).name(), List.of(), seconds);
            }
            case HTTP -> {
                if (st.http == null) {
                    return unknown(seconds);
                }
                int s = st.http.signature(flow.host);
                return s < 0 ? unknown(seconds)
                        : new FlowVerdict(kw.app(s), kw.signature(s).name(), st.http.tasks(s, sigs), seconds);
            }
            case TCP -> {
                if (st.tcp == null) {
                    return unknown(seconds);
                }
                // a first payload matching a header signature wins, then one matching a text signature, then
                // the header fallback for flows picked up mid-stream
                if (!st.tcp.firstMatched() && st.text != null && st.text.app() >= 0) {
                    return new FlowVerdict(st.text.app(), st.text.signature(), st.text.tasks(sigs, st.text.app()),
                            seconds);
                }
                int app = st.tcp.app();
                return app < 0 ? unknown(seconds)
                        : new FlowVerdict(app, st.tcp.signature(app), st.tcp.tasks(app), seconds);
            }
            case UDP -> {
                int app = st.udp == null ? -1 : st.udp.app();
                return app < 0 ? unknown(seconds)
                        : new FlowVerdict(app, st.udp.signature(app), st.udpTasks.tasks(app), seconds);
            }
            default -> throw new IllegalStateException("flow type " + type);
        }
    }

    private static FlowVerdict unknown(SecondRuns seconds) {
        return new FlowVerdict(-1, null, List.of(), seconds);
    }
}
