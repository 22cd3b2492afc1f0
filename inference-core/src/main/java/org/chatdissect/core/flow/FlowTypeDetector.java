package org.chatdissect.core.flow;

import org.chatdissect.core.inspect.HttpRequest;
import org.chatdissect.core.inspect.HttpResponse;
import org.chatdissect.core.inspect.Probe;
import org.chatdissect.core.inspect.TlsClientHello;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;

/**
 * Decides a TCP flow's type from the first bytes of its ordered streams: HTTP when the client starts
 * with a request line (or the server with a status line before the client said anything), TLS when the
 * client starts with a ClientHello, TCP otherwise. Sets {@link Flow#host} and {@link Flow#sni}.
 *
 * <p>When the first client segment is not enough (a ClientHello split over two segments, request
 * headers spread out) a bounded prefix is buffered; the buffer exists only while undecided.
 */
final class FlowTypeDetector {
    /** Covers a maximal TLS record plus header, hence any realistic ClientHello and request head. */
    static final int MAX_PREFIX = 16384 + 5;

    private byte[] prefix;
    private int prefixLength;
    private boolean decided;

    /** UDP flows are typed by port: DNS is UDP to port 53. */
    static FlowType udpType(int serverPort) {
        return serverPort == 53 ? FlowType.DNS : FlowType.UDP;
    }

    boolean decided() {
        return decided;
    }

    void onPayload(Flow flow, Direction dir, byte[] data, int off, int len, int wireLen) {
        if (decided) {
            return;
        }
        if (dir == Direction.DOWN) {
            // Only a server that speaks first with an HTTP status line tells us anything (capture started
            // mid-connection); any other server-first protocol waits for the client's bytes.
            if (prefixLength == 0 && HttpResponse.probeStatusLine(data, off, len) == Probe.MATCHED) {
                decide(flow, FlowType.HTTP);
            }
            return;
        }
        boolean truncated = len < wireLen;
        if (prefixLength == 0) {
            if (classify(flow, data, off, len, truncated)) {
                return;
            }
            prefix = new byte[Math.min(MAX_PREFIX, Math.max(len * 2, 2048))];
        }
        int room = MAX_PREFIX - prefixLength;
        int take = Math.min(room, len);
        if (prefixLength + take > prefix.length) {
            prefix = java.util.Arrays.copyOf(prefix, Math.min(MAX_PREFIX, Math.max(prefix.length * 2, prefixLength + take)));
        }
        System.arraycopy(data, off, prefix, prefixLength, take);
        prefixLength += take;
        if (prefixLength > take) { // the first segment was classified above already
            classify(flow, prefix, 0, prefixLength, truncated || take < len || prefixLength >= MAX_PREFIX);
        } else if (truncated || prefixLength >= MAX_PREFIX) {
            classify(flow, prefix, 0, prefixLength, true);
        }
    }

    /** End of flow: decide with what there is. */
    void finish(Flow flow) {
        if (!decided) {
            if (prefixLength > 0) {
                classify(flow, prefix, 0, prefixLength, true);
            } else {
                decide(flow, FlowType.TCP);
            }
        }
    }

    /** @return true when decided; with {@code last} set it always decides */
    private boolean classify(Flow flow, byte[] b, int off, int len, boolean last) {
        Probe tls = TlsClientHello.probe(b, off, len);
        if (tls == Probe.MATCHED) {
            flow.sni = TlsClientHello.parseSni(b, off, len);
            return decide(flow, FlowType.TLS);
        }
        Probe http = HttpRequest.probe(b, off, len);
        if (http == Probe.MATCHED) {
            boolean headEnded = indexOfHeadEnd(b, off, len) >= 0;
            if (headEnded || last) {
                HttpRequest req = HttpRequest.parse(b, off, len);
                flow.host = req == null ? null : req.host();
                return decide(flow, FlowType.HTTP);
            }
            return false;
        }
        if (tls == Probe.NEED_MORE || http == Probe.NEED_MORE) {
            if (!last) {
                return false;
            }
            // cut short by snaplen or the end of the flow: a ClientHello header is still a TLS flow
            return decide(flow, TlsClientHello.startsLikeClientHello(b, off, len) ? FlowType.TLS : FlowType.TCP);
        }
        return decide(flow, FlowType.TCP);
    }

    private boolean decide(Flow flow, FlowType type) {
        flow.flowType = type;
        decided = true;
        prefix = null;
        prefixLength = 0;
        return true;
    }

    private static int indexOfHeadEnd(byte[] b, int off, int len) {
        for (int i = off; i + 1 < off + len; i++) {
            if (b[i] == '\n' && (b[i + 1] == '\n' || (b[i + 1] == '\r' && i + 2 < off + len && b[i + 2] == '\n'))) {
                return i;
            }
        }
        return -1;
    }
}
