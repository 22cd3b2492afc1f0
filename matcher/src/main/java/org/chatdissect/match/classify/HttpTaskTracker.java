package org.chatdissect.match.classify;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.inspect.HttpRequest;
import org.chatdissect.core.inspect.Probe;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.match.compile.KeywordMatcher;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;

/**
 * One HTTP flow: every request's Host, User-Agent and Referer are matched against the keyword signatures; the
 * flow is the app of its first matching request. Each request is a task named by the URL/Host/method keywords;
 * it lasts from the request's first packet to the last response packet before the next request.
 */
final class HttpTaskTracker {
    /** Requests kept per flow at most (keep-alive flows rarely carry more than a few hundred). */
    static final int MAX_REQUESTS = 10_000;

    private final KeywordMatcher kw;
    private final List<Req> requests = new ArrayList<>(1);
    private Req cur;
    private int sig = -1;

    HttpTaskTracker(KeywordMatcher kw) {
        this.kw = kw;
    }

    void onPayload(Direction dir, long ts, long frame, byte[] p, int off, int len, int wireLen) {
        if (dir == Direction.UP) {
            // cheap on bodies: the method check fails on the first bytes
            if (requests.size() < MAX_REQUESTS && HttpRequest.probe(p, off, len) == Probe.MATCHED) {
                HttpRequest r = HttpRequest.parse(p, off, len);
                if (r != null) {
                    cur = new Req(r.method(), r.url(), KeywordMatcher.host(r.host()), frame, ts);
                    requests.add(cur);
                    int s = kw.first(FlowType.HTTP, null, cur.host, r.userAgent(), r.referer(), null);
                    cur.sig = s;
                    if (sig < 0 && s >= 0) {
                        sig = s;
                    }
                    cur.up += wireLen;
                    cur.end = ts;
                    return;
                }
            }
            if (cur != null) {
                cur.up += wireLen;
                if (cur.down == 0) {
                    cur.end = ts;
                }
            }
        } else if (cur != null) {
            cur.down += wireLen;
            cur.end = ts;
        }
    }

    /** The signature (keyword matcher index) of the first matching request, else of the flow's Host, or -1. */
    int signature(String flowHost) {
        if (sig >= 0 || flowHost == null) {
            return sig;
        }
        return kw.first(FlowType.HTTP, null, KeywordMatcher.host(flowHost), null, null, null);
    }

    /** Tasks of the requests that keywords name, in request order. */
    List<TaskRecord> tasks(int flowSig, CompiledSignatures cs) {
        List<TaskRecord> out = new ArrayList<>();
        int app = kw.app(flowSig);
        for (Req r : requests) {
            int s = r.sig >= 0 && kw.app(r.sig) == app ? r.sig : flowSig;
            String task = kw.task(s, r.url, r.host, r.method);
            if (task == null) {
                continue; // unnamed requests stay in the flow's volume (Table IV's "Other")
            }
            out.add(new TaskRecord(r.frame, r.start, r.end, cs.serviceOf(app, task), task, null, null, r.up, r.down,
                    r.up, r.down));
        }
        return out;
    }

    private static final class Req {
        final String method;
        final String url;
        final String host;
        final long frame;
        final long start;
        long end;
        long up;
        long down;
        int sig = -1;

        Req(String method, String url, String host, long frame, long start) {
            this.method = method;
            this.url = url;
            this.host = host;
            this.frame = frame;
            this.start = start;
            this.end = start;
        }
    }
}
