package org.chatdissect.match.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.chatdissect.match.compile.HeaderMatcher;
import org.chatdissect.model.Direction;

/**
 * One non-HTTP TCP flow: decides its application from its protocol packets and decomposes it into messages
 * and tasks (section III-B).
 *
 * <p>Messages: a payload packet matching a header signature starts a message in its direction; packets that
 * do not match are appended to the current message of their direction (the body of a long message spans
 * many segments). Tasks: a request message (reqresp = request value, or uplink when the signature has no
 * reqresp field) is paired with the response of the opposite direction carrying the same sequence number, or
 * with the next response when the signature has no sequence field. Requests in the downlink are server pushes.
 *
 * <p>The app rule (why: no false positives on background traffic, see docs/design/matcher.md): a flow is the
 * app's when its first payload packet, in either direction, is a protocol packet of that app. A flow whose
 * first payload is not a protocol packet (picked up mid-stream) is the app's only when at least
 * {@link #FALLBACK_MIN_MESSAGES} of its payload packets are protocol packets of that app and they are at
 * least half of all its payload packets; random payloads never get there.
 */
final class TcpTaskTracker {
    static final int FALLBACK_MIN_MESSAGES = 4;
    /** Requests awaiting their response; responses come within a few messages, so a small window suffices. */
    static final int MAX_PENDING = 64;

    private final HeaderMatcher m;
    private final int serverPort;
    private int firstSig = -2; // -2 before the first payload, -1 when it was not a protocol packet
    private long payloadPackets;
    private int[] protocolPacketsByApp;
    private final MessageCursors<Msg> cursors = new MessageCursors<>();
    private final ArrayList<Msg> pending = new ArrayList<>(2);
    private final ArrayList<Msg[]> exchanges = new ArrayList<>();

    /** @param serverPort the flow's server port: weak TCP signatures only match on their servers' ports */
    TcpTaskTracker(HeaderMatcher m, int serverPort) {
        this.m = m;
        this.serverPort = serverPort;
    }

    void onPayload(Direction dir, long ts, long frame, byte[] p, int off, int len, int wireLen) {
        payloadPackets++;
        int sig = m.size() == 0 ? -1 : m.first(p, off, len, serverPort);
        if (firstSig == -2) {
            firstSig = sig;
        }
        if (sig < 0) {
            Msg cur = cursors.current(dir);
            if (cur != null) {
                cur.extend(ts, wireLen);
            }
            return;
        }
        if (protocolPacketsByApp == null) {
            protocolPacketsByApp = new int[64];
        }
        protocolPacketsByApp[m.app(sig)]++;
        if (!cursors.admit(dir)) {
            return;
        }
        Msg msg = new Msg();
        msg.sig = sig;
        msg.begin(dir, ts, frame, wireLen);
        int rr = m.isRequest(sig, p, off, len);
        msg.request = rr < 0 ? dir == Direction.UP : rr == 1;
        msg.seq = m.sequence(sig, p, off, len);
        msg.hasOpcode = m.hasOpcode(sig, len);
        msg.opcode = msg.hasOpcode ? m.opcode(sig, p, off) : 0;
        cursors.set(dir, msg);
        if (msg.request) {
            if (pending.size() >= MAX_PENDING) {
                pending.remove(0); // an unanswered request (e.g. a logout sent without reply) stays a task alone
            }
            pending.add(msg);
            exchanges.add(new Msg[] {msg, null});
        } else {
            pair(msg);
        }
    }

    private void pair(Msg resp) {
        boolean bySeq = m.hasSequence(resp.sig) && resp.seq >= 0;
        for (int i = 0; i < pending.size(); i++) {
            Msg req = pending.get(i);
            if (req.dir != resp.dir && m.app(req.sig) == m.app(resp.sig) && (!bySeq || req.seq == resp.seq)) {
                pending.remove(i);
                req.response = resp;
                return;
            }
        }
        exchanges.add(new Msg[] {null, resp});
    }

    /** True when the flow's first payload was a protocol packet (the TCP app rule decided it). */
    boolean firstMatched() {
        return firstSig >= 0;
    }

    /** The app index of the flow, or -1. */
    int app() {
        if (firstSig >= 0) {
            return m.app(firstSig);
        }
        if (protocolPacketsByApp == null) {
            return -1;
        }
        int best = -1;
        for (int a = 0; a < protocolPacketsByApp.length; a++) {
            int n = protocolPacketsByApp[a];
            if (n >= FALLBACK_MIN_MESSAGES && 2L * n >= payloadPackets && (best < 0 || n > protocolPacketsByApp[best])) {
                best = a;
            }
        }
        return best;
    }

    /** The name of the signature that decided the flow: its first protocol packet's of the flow's app. */
    String signature(int app) {
        if (firstSig >= 0) {
            return m.signature(firstSig).name();
        }
        for (Msg[] e : exchanges) {
            Msg x = e[0] != null ? e[0] : e[1];
            if (m.app(x.sig) == app) {
                return m.signature(x.sig).name();
            }
        }
        return null;
    }

    /** The tasks of the flow's app, in order of their first packet. */
    List<TaskRecord> tasks(int app) {
        List<TaskRecord> out = new ArrayList<>(exchanges.size());
        for (Msg[] e : exchanges) {
            Msg req = e[0];
            Msg resp = req != null ? req.response : e[1];
            Msg head = req != null ? req : resp;
            if (m.app(head.sig) != app) {
                continue;
            }
            OpcodeTask t = OpcodeTask.of(m, head.sig, head.hasOpcode, head.opcode,
                    req != null && req.dir == Direction.DOWN);
            long reqBytes = req == null ? 0 : req.bytes;
            long respBytes = resp == null ? 0 : resp.bytes;
            // an uplink request, or a response-only exchange answering an unseen push (the response is uplink)
            long bytesUp = req != null ? (req.dir == Direction.UP ? reqBytes : respBytes)
                    : (resp.dir == Direction.UP ? respBytes : 0);
            long bytesDown = reqBytes + respBytes - bytesUp;
            long end = resp != null ? resp.endNanos : req.endNanos;
            out.add(new TaskRecord(head.frame, head.startNanos, Math.max(end, head.startNanos), t.service(), t.task(),
                    t.hex(), t.kind(), reqBytes, respBytes, bytesUp, bytesDown));
        }
        out.sort(Comparator.comparingLong(TaskRecord::frame));
        return out;
    }

    /** One message: a protocol packet and the non-protocol packets appended to it. */
    private static final class Msg extends TrackedMessage {
        int sig;
        boolean request;
        long seq;
        boolean hasOpcode;
        long opcode;
        Msg response;
    }
}
