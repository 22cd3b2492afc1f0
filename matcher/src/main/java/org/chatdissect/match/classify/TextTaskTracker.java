package org.chatdissect.match.classify;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.match.compile.TextMatcher;
import org.chatdissect.model.Direction;

/**
 * One non-HTTP TCP flow seen through the text signatures (format version 2; docs/design/text.md).
 *
 * <p>App rule: the TCP rule of header signatures. The flow is the app's when its first payload, in either direction,
 * matches a text signature of the app (a control request, a stream registration). A flow whose first payload does not
 * match is not looked at any further, so binary flows cost one line scan.
 *
 * <p>Messages: each matching payload starts a message in its direction; other payloads continue the current message
 * of their direction (a long reply, the binary frames after a registration); data from the server before any text
 * message of its direction is the reply to the oldest waiting request. A message's task is that of the longest
 * matching keyword with a task, else the line's longest keyword itself ({@code create room}): the line is the
 * command, as an unknown opcode is named by its value. Tasks: an uplink message is a request; a downlink message
 * answers the oldest unanswered request (text protocols answer in order), or is a push when none is waiting.
 */
final class TextTaskTracker {
    /** Requests awaiting their reply; replies come in order, so a small window suffices. */
    static final int MAX_PENDING = 64;

    private final TextMatcher m;
    private int firstKw = -2; // -2 before the first payload, -1 when it did not match
    private final MessageCursors<Msg> cursors = new MessageCursors<>();
    private final ArrayList<Msg> pending = new ArrayList<>(2);
    private final ArrayList<Msg[]> exchanges = new ArrayList<>();

    TextTaskTracker(TextMatcher m) {
        this.m = m;
    }

    void onPayload(Direction dir, long ts, long frame, byte[] p, int off, int len, int wireLen) {
        if (firstKw == -1) {
            return;
        }
        int kw = m.first(p, off, len);
        if (firstKw == -2) {
            firstKw = kw;
            if (kw < 0) {
                return;
            }
        }
        if (kw < 0 || m.app(kw) != m.app(firstKw)) {
            Msg cur = cursors.current(dir);
            if (cur == null && dir == Direction.DOWN && !pending.isEmpty()) {
                // the server answers a request with data and no text line (a stream registered with
                // "audio recv" then carries the media): that data is the reply
                cur = new Msg();
                cur.begin(dir, ts, frame, 0);
                pending.remove(0).response = cur;
                cursors.set(dir, cur);
            }
            if (cur != null) {
                cur.extend(ts, wireLen);
            }
            return;
        }
        if (!cursors.admit(dir)) {
            return;
        }
        Msg msg = new Msg();
        msg.begin(dir, ts, frame, wireLen);
        msg.task = m.task(kw, p, off, len);
        msg.name = msg.task != null ? msg.task : m.keyword(m.longest(kw, p, off, len));
        cursors.set(dir, msg);
        if (dir == Direction.UP) {
            if (pending.size() >= MAX_PENDING) {
                pending.remove(0); // an unanswered request stays a task alone
            }
            pending.add(msg);
            exchanges.add(new Msg[] {msg, null});
        } else {
            if (pending.isEmpty()) {
                exchanges.add(new Msg[] {null, msg});
            } else {
                pending.remove(0).response = msg;
            }
        }
    }

    /** The app index of the flow, or -1 when its first payload matched no text signature. */
    int app() {
        return firstKw >= 0 ? m.app(firstKw) : -1;
    }

    /** The name of the signature whose keyword matched the first payload. */
    String signature() {
        return firstKw >= 0 ? m.signature(firstKw).name() : null;
    }

    /** The flow's tasks, in order of their first packet; a named task has its service from {@code cs}. */
    List<TaskRecord> tasks(org.chatdissect.match.compile.CompiledSignatures cs, int app) {
        List<TaskRecord> out = new ArrayList<>(exchanges.size());
        for (Msg[] e : exchanges) {
            Msg req = e[0];
            Msg resp = req != null ? req.response : e[1];
            Msg head = req != null ? req : resp;
            String kind = req == null ? "push" : head.task != null ? "user" : null;
            long reqBytes = req == null ? 0 : req.bytes;
            long respBytes = resp == null ? 0 : resp.bytes;
            long bytesUp = req != null ? reqBytes : 0;
            long bytesDown = reqBytes + respBytes - bytesUp;
            long end = resp != null ? resp.endNanos : req.endNanos;
            out.add(new TaskRecord(head.frame, head.startNanos, Math.max(end, head.startNanos),
                    cs.serviceOf(app, head.task), head.name, null,
                    kind, reqBytes, respBytes, bytesUp, bytesDown));
        }
        out.sort(java.util.Comparator.comparingLong(TaskRecord::frame));
        return out;
    }

    /** One text message: a matching payload and the payloads that continue it. */
    private static final class Msg extends TrackedMessage {
        String task;
        String name;
        Msg response;
    }
}
