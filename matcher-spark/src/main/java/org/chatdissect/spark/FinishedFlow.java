package org.chatdissect.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.match.classify.FlowVerdict;
import org.chatdissect.match.classify.SecondRuns;
import org.chatdissect.match.classify.TaskRecord;
import org.chatdissect.model.FlowType;

/**
 * A finished flow with its verdict, as it travels between executors and the driver: the fields of a
 * {@code flows.jsonl} line, its tasks, and its seconds with payload (for user sessions). Frames are
 * {@link FrameRef}s, so a flow rebuilt across files keeps the file of its first packet.
 */
public final class FinishedFlow implements Serializable {
    private static final long serialVersionUID = 1L;

    public long firstFrameRef;
    public int protocol;
    public int ipVersion;
    public int vlan = -1;
    public byte[] client;
    public byte[] server;
    public int clientPort;
    public int serverPort;
    public long startNanos;
    public long endNanos;
    public long packetsUp;
    public long packetsDown;
    public long bytesUp;
    public long bytesDown;
    public long frameBytesUp;
    public long frameBytesDown;
    public String flowType;
    public String sni;
    public String host;
    public int app;
    public String signature;
    public List<TaskRow> tasks;
    public long[] seconds;

    /** One task; {@code frameRef} may point into a later file than the flow's first frame. */
    public record TaskRow(long frameRef, long startNanos, long endNanos, String service, String task, String opcode,
            String kind, long requestBytes, long responseBytes, long bytesUp, long bytesDown) implements Serializable {}

    /**
     * @param fileIndex the file whose frame numbers {@code f.firstFrame} and the task frames are, or -1 when
     *     they are already {@link FrameRef}s (a replay across files)
     */
    public static FinishedFlow of(Flow f, FlowVerdict v, int fileIndex) {
        FinishedFlow r = new FinishedFlow();
        r.firstFrameRef = fileIndex < 0 ? f.firstFrame : FrameRef.of(fileIndex, f.firstFrame);
        r.protocol = f.protocol;
        r.ipVersion = f.ipVersion;
        r.vlan = f.vlan;
        r.client = f.client.clone();
        r.server = f.server.clone();
        r.clientPort = f.clientPort;
        r.serverPort = f.serverPort;
        r.startNanos = f.startNanos;
        r.endNanos = f.endNanos;
        r.packetsUp = f.packetsUp;
        r.packetsDown = f.packetsDown;
        r.bytesUp = f.bytesUp;
        r.bytesDown = f.bytesDown;
        r.frameBytesUp = f.frameBytesUp;
        r.frameBytesDown = f.frameBytesDown;
        r.flowType = f.flowType.name();
        r.sni = f.sni;
        r.host = f.host;
        r.app = v.app();
        r.signature = v.signature();
        r.tasks = new ArrayList<>(v.tasks().size());
        for (TaskRecord t : v.tasks()) {
            r.tasks.add(new TaskRow(fileIndex < 0 ? t.frame() : FrameRef.of(fileIndex, t.frame()), t.startNanos(),
                    t.endNanos(), t.service(), t.task(), t.opcode(), t.kind(), t.requestBytes(), t.responseBytes(),
                    t.bytesUp(), t.bytesDown()));
        }
        r.seconds = v.seconds().toRuns();
        return r;
    }

    public int fileIndex() {
        return FrameRef.file(firstFrameRef);
    }

    /** A {@link Flow} carrying this row's fields, for the matcher's writers and user sessions. */
    public Flow toFlow(long firstFrame) {
        Flow f = new Flow();
        f.firstFrame = firstFrame;
        f.protocol = protocol;
        f.ipVersion = ipVersion;
        f.vlan = vlan;
        System.arraycopy(client, 0, f.client, 0, 16);
        System.arraycopy(server, 0, f.server, 0, 16);
        f.clientPort = clientPort;
        f.serverPort = serverPort;
        f.startNanos = startNanos;
        f.endNanos = endNanos;
        f.packetsUp = packetsUp;
        f.packetsDown = packetsDown;
        f.bytesUp = bytesUp;
        f.bytesDown = bytesDown;
        f.frameBytesUp = frameBytesUp;
        f.frameBytesDown = frameBytesDown;
        f.flowType = FlowType.valueOf(flowType);
        f.sni = sni;
        f.host = host;
        return f;
    }

    /** The verdict with task frames mapped by {@code frames} (FrameRef to the number written). */
    public FlowVerdict toVerdict(java.util.function.LongUnaryOperator frames) {
        List<TaskRecord> ts = new ArrayList<>(tasks.size());
        for (TaskRow t : tasks) {
            ts.add(new TaskRecord(frames.applyAsLong(t.frameRef()), t.startNanos(), t.endNanos(), t.service(), t.task(),
                    t.opcode(), t.kind(), t.requestBytes(), t.responseBytes(), t.bytesUp(), t.bytesDown()));
        }
        return new FlowVerdict(app, signature, ts, SecondRuns.ofRuns(seconds));
    }
}
