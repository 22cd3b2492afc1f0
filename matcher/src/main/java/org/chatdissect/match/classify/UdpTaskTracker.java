package org.chatdissect.match.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.chatdissect.match.compile.HeaderMatcher;
import org.chatdissect.model.Direction;

/**
 * The tasks of one UDP flow, message by message (a datagram is one message): every payload packet is labelled by
 * the first header signature it matches and that signature's opcode, and the consecutive packets of one label, each
 * within {@link #RUN_GAP_NANOS} of the label's previous packet, are one task. A request and its answer (an instant
 * message and its acknowledgement, which carry one opcode) are one task; so are the thousands of media packets of
 * a call, which one record per packet would drown tasks.jsonl in; a heartbeat every 30 s is one task per beat, and
 * a call's signalling packets between its media packets are tasks of their own without breaking the call in two.
 * Which packets are the flow's app's is known only when the flow ends (the all-packets rule, {@link UdpFlowRule}), so
 * tasks are kept per label until then: memory grows with the flow's tasks, as TCP's exchanges do.
 */
final class UdpTaskTracker {
    /** Packets of one label further apart than this start a new task (a heartbeat's next beat). */
    static final long RUN_GAP_NANOS = 1_000_000_000L;

    private final HeaderMatcher m;
    private final List<Run> runs = new ArrayList<>();
    /** The latest run of each label (signature, opcode), the only ones a packet may extend. */
    private final List<Run> open = new ArrayList<>(4);

    UdpTaskTracker(HeaderMatcher m) {
        this.m = m;
    }

    /** One payload packet whose first matching signature is {@code sig} (see {@link UdpFlowRule#onPayload}). */
    void onPayload(Direction dir, long ts, long frame, int sig, byte[] p, int off, int len, int wireLen) {
        if (sig < 0) {
            return; // no signature: the all-packets rule gives the flow no app
        }
        boolean hasOpcode = m.hasOpcode(sig, len);
        long opcode = hasOpcode ? m.opcode(sig, p, off) : 0;
        int rr = m.isRequest(sig, p, off, len);
        boolean request = rr < 0 ? dir == Direction.UP : rr == 1;
        Run run = null;
        for (int i = 0; i < open.size(); i++) {
            Run r = open.get(i);
            if (r.sig == sig && r.hasOpcode == hasOpcode && r.opcode == opcode) {
                if (ts - r.endNanos <= RUN_GAP_NANOS) {
                    run = r;
                } else {
                    open.remove(i);
                }
                break;
            }
        }
        if (run == null) {
            run = new Run();
            run.sig = sig;
            run.hasOpcode = hasOpcode;
            run.opcode = opcode;
            run.firstRequest = request;
            run.begin(dir, ts, frame, 0);
            runs.add(run);
            open.add(run);
        }
        run.endNanos = ts;
        if (request) {
            run.requestBytes += wireLen;
        } else {
            run.responseBytes += wireLen;
        }
        if (dir == Direction.UP) {
            run.up += wireLen;
        } else {
            run.down += wireLen;
        }
    }

    /** The tasks of the flow's app, in order of their first packet. */
    List<TaskRecord> tasks(int app) {
        List<TaskRecord> out = new ArrayList<>();
        for (Run r : runs) {
            if (m.app(r.sig) != app) {
                continue;
            }
            OpcodeTask t = OpcodeTask.of(m, r.sig, r.hasOpcode, r.opcode, r.firstRequest && r.dir == Direction.DOWN);
            out.add(new TaskRecord(r.frame, r.startNanos, r.endNanos, t.service(), t.task(), t.hex(), t.kind(),
                    r.requestBytes, r.responseBytes, r.up, r.down));
        }
        out.sort(Comparator.comparingLong(TaskRecord::frame));
        return out;
    }

    /** Consecutive packets of one label: one task. */
    private static final class Run extends TrackedMessage {
        int sig;
        boolean hasOpcode;
        long opcode;
        boolean firstRequest;
        long requestBytes;
        long responseBytes;
        long up;
        long down;
    }
}
