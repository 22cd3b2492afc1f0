package org.chatdissect.datasets.net;

import java.util.PriorityQueue;
import org.chatdissect.datasets.truth.TruthRecorder;

/**
 * The capture point. Simulators emit packets with future timestamps (a whole request/response exchange at
 * once); the wire holds them in time order and writes those older than the scheduler's clock, assigning
 * frame numbers and writing truth lines at that moment.
 */
public final class Wire {
    private record Pending(long ts, long seq, byte[] frame, FlowTag flow, MessageTag msg) {}

    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) ->
            a.ts != b.ts ? Long.compare(a.ts, b.ts) : Long.compare(a.seq, b.seq));
    private final PcapWriter writer;
    private final TruthRecorder truth;
    private final Impairments impairments;
    private long seq;
    private long lastTs;

    public Wire(PcapWriter writer, TruthRecorder truth, Impairments impairments) {
        this.writer = writer;
        this.truth = truth;
        this.impairments = impairments;
    }

    public Impairments impairments() {
        return impairments;
    }

    public void emit(long ts, byte[] frame, FlowTag flow, MessageTag msg) {
        pending.add(new Pending(ts, seq++, frame, flow, msg));
    }

    /** Writes every pending packet stamped at or before {@code time}. */
    public void flushUntil(long time) {
        while (!pending.isEmpty() && pending.peek().ts <= time) {
            write(pending.poll());
        }
    }

    /** Drops the packets not written yet (the capture stops): they never reach the file or the truth. */
    public void discardPending() {
        pending.clear();
    }

    public void flushAll() {
        while (!pending.isEmpty()) {
            write(pending.poll());
        }
    }

    private void write(Pending p) {
        long ts = Math.max(p.ts, lastTs);
        lastTs = ts;
        long frame = writer.write(ts, p.frame, p.frame.length);
        if (p.flow != null && p.flow.firstFrame == 0) {
            p.flow.firstFrame = frame;
            truth.flow(p.flow);
        }
        if (p.msg != null) {
            truth.message(p.msg, frame);
        }
    }

    public long bytesWritten() {
        return writer.bytesWritten();
    }

    public long lastTimestamp() {
        return lastTs;
    }
}
