package org.chatdissect.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.flow.FlowTable;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.match.classify.FlowClassifier;
import org.chatdissect.match.classify.SecondRuns;
import org.chatdissect.match.compile.CompiledSignatures;

/**
 * The merge side, plain Java: all fragments of one 5-tuple, from every file, become final flows.
 *
 * <ul>
 *   <li>One fragment: its map-side row is final (nothing in another file can join it).</li>
 *   <li>Several, all with their packet log: the logs are replayed in input order (file, then frame) through a
 *       fresh {@link FlowTable} and {@link FlowClassifier} with the run's configuration. The flow table decides
 *       again where flows begin and end (idle timeout, FIN/RST, port reuse), so a flow cut by file edges comes
 *       out as the single-file run makes it: counters, start/end, first frame in the first file, TCP ordering,
 *       flow type, tasks.</li>
 *   <li>Several, one of them overflowed (its log exceeded the bound): fragments are joined by time (the next
 *       starts within the idle timeout of the previous one's end); counters add up exactly, the verdict (app,
 *       signature, flow type) is the first fragment's and the tasks are concatenated. Approximate.</li>
 * </ul>
 */
public final class FragmentMerger {
    private final CompiledSignatures sigs;
    private final FlowTableConfig config;
    private final long associationIdleNanos;

    public FragmentMerger(CompiledSignatures sigs, FlowTableConfig config, long associationIdleNanos) {
        this.sigs = sigs;
        this.config = config;
        this.associationIdleNanos = associationIdleNanos;
    }

    public List<FinishedFlow> merge(List<Fragment> group) {
        List<Fragment> fs = new ArrayList<>(group);
        fs.sort(Comparator.comparingLong(Fragment::firstFrameRef));
        if (fs.size() == 1) {
            return List.of(fs.get(0).mapSide());
        }
        if (fs.stream().anyMatch(Fragment::overflow)) {
            return joinByCounters(fs);
        }
        List<FinishedFlow> out = new ArrayList<>();
        FlowTable table = new FlowTable(config, new FlowClassifier(sigs, (f, v) -> out.add(FinishedFlow.of(f, v, -1)),
                associationIdleNanos, config.maxFlows()));
        DecodedPacket p = new DecodedPacket();
        for (Fragment f : fs) {
            PacketLog.replay(f, p, table::accept);
        }
        table.finish();
        return out;
    }

    private List<FinishedFlow> joinByCounters(List<Fragment> fs) {
        List<FinishedFlow> out = new ArrayList<>();
        long timeout = fs.get(0).protocol() == 6 ? config.tcpIdleTimeoutNanos() : config.udpIdleTimeoutNanos();
        FinishedFlow cur = null;
        Fragment prev = null;
        for (Fragment f : fs) {
            FinishedFlow r = copy(f.mapSide());
            if (cur != null && prev.tail() && f.startNanos() - cur.endNanos <= timeout) {
                boolean same = Arrays.equals(cur.client, r.client) && cur.clientPort == r.clientPort;
                cur.packetsUp += same ? r.packetsUp : r.packetsDown;
                cur.packetsDown += same ? r.packetsDown : r.packetsUp;
                cur.bytesUp += same ? r.bytesUp : r.bytesDown;
                cur.bytesDown += same ? r.bytesDown : r.bytesUp;
                cur.frameBytesUp += same ? r.frameBytesUp : r.frameBytesDown;
                cur.frameBytesDown += same ? r.frameBytesDown : r.frameBytesUp;
                cur.endNanos = Math.max(cur.endNanos, r.endNanos);
                if (cur.app >= 0 && r.app == cur.app) {
                    cur.tasks.addAll(r.tasks);
                }
                long[] both = Arrays.copyOf(cur.seconds, cur.seconds.length + r.seconds.length);
                System.arraycopy(r.seconds, 0, both, cur.seconds.length, r.seconds.length);
                cur.seconds = SecondRuns.ofRuns(both).toRuns();
            } else {
                if (cur != null) {
                    out.add(cur);
                }
                cur = r;
            }
            prev = f;
        }
        out.add(cur);
        return out;
    }

    private static FinishedFlow copy(FinishedFlow r) {
        FinishedFlow c = new FinishedFlow();
        c.firstFrameRef = r.firstFrameRef;
        c.protocol = r.protocol;
        c.ipVersion = r.ipVersion;
        c.vlan = r.vlan;
        c.client = r.client;
        c.server = r.server;
        c.clientPort = r.clientPort;
        c.serverPort = r.serverPort;
        c.startNanos = r.startNanos;
        c.endNanos = r.endNanos;
        c.packetsUp = r.packetsUp;
        c.packetsDown = r.packetsDown;
        c.bytesUp = r.bytesUp;
        c.bytesDown = r.bytesDown;
        c.frameBytesUp = r.frameBytesUp;
        c.frameBytesDown = r.frameBytesDown;
        c.flowType = r.flowType;
        c.sni = r.sni;
        c.host = r.host;
        c.app = r.app;
        c.signature = r.signature;
        c.tasks = new ArrayList<>(r.tasks);
        c.seconds = r.seconds;
        return c;
    }
}
