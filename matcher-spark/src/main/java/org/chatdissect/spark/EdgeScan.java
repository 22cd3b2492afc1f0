package org.chatdissect.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.FlowKey;
import org.chatdissect.core.flow.FlowTableConfig;

/**
 * The first, cheap pass over a file (decode only, no flow table, no classifier): which 5-tuples have packets
 * within the idle timeout of the file's first packet (they may continue a flow of an earlier file) or of its
 * last packet (a later file may continue them), with their first and last times. {@link #edges} pairs the
 * appearances of a tuple in consecutive files; only the tuples paired there log packets in the second pass.
 * Without it, a file shorter than the TCP timeout (30 min) would log every TCP flow.
 */
public final class EdgeScan {
    private EdgeScan() {}

    /** A 5-tuple seen near an edge of a file. */
    public record Seen(String key, int fileIndex, int protocol, long first, long last) implements Serializable {}

    /** The tuples of one file near its edges. */
    public static List<Seen> scan(Path file, int fileIndex, FlowTableConfig config) throws IOException {
        CaptureStats stats = new CaptureStats();
        Map<FlowKey, long[]> times = new HashMap<>();
        Map<FlowKey, String> keys = new HashMap<>();
        FlowKey probe = new FlowKey();
        long fileFirst = Long.MIN_VALUE;
        long fileLast = Long.MIN_VALUE;
        try (PacketSource src = CaptureReader.open(List.of(file), stats)) {
            PacketDecoder d = new PacketDecoder(stats);
            PacketRecord rec = new PacketRecord();
            DecodedPacket p = new DecodedPacket();
            while (src.next(rec)) {
                if (!d.decode(rec, p)) {
                    continue;
                }
                long t = p.timestampNanos;
                if (fileFirst == Long.MIN_VALUE) {
                    fileFirst = t;
                }
                fileLast = Math.max(fileLast, t);
                long[] ft = times.get(probe.set(p));
                if (ft == null) {
                    FlowKey k = probe.copy();
                    times.put(k, new long[] {t, t, p.protocol});
                    keys.put(k, FileClassifier.keyOf(p));
                } else {
                    ft[1] = Math.max(ft[1], t);
                }
            }
        }
        List<Seen> out = new ArrayList<>();
        for (Map.Entry<FlowKey, long[]> e : times.entrySet()) {
            long[] ft = e.getValue();
            int proto = (int) ft[2];
            long timeout = proto == 6 ? config.tcpIdleTimeoutNanos() : config.udpIdleTimeoutNanos();
            if (ft[0] <= fileFirst + timeout || ft[1] >= fileLast - timeout) {
                out.add(new Seen(keys.get(e.getKey()), fileIndex, proto, ft[0], ft[1]));
            }
        }
        return out;
    }

    /** Which tuples must log in which file: {@code head} may continue an earlier file, {@code tail} a later one. */
    public record Edge(int fileIndex, String key, boolean head) implements Serializable {}

    /**
     * The appearances of one tuple in file order: consecutive ones within the timeout (the later one's first
     * packet at most the timeout after the earlier one's last) are an edge the tuple's flows may cross.
     */
    public static List<Edge> edges(List<Seen> seen, FlowTableConfig config) {
        List<Seen> s = new ArrayList<>(seen);
        s.sort((a, b) -> Integer.compare(a.fileIndex(), b.fileIndex()));
        List<Edge> out = new ArrayList<>();
        for (int i = 1; i < s.size(); i++) {
            Seen a = s.get(i - 1);
            Seen b = s.get(i);
            long timeout = b.protocol() == 6 ? config.tcpIdleTimeoutNanos() : config.udpIdleTimeoutNanos();
            if (b.first() - a.last() <= timeout) {
                out.add(new Edge(a.fileIndex(), a.key(), false));
                out.add(new Edge(b.fileIndex(), b.key(), true));
            }
        }
        return out;
    }

    /** Per file: the keys to log as heads and as tails. */
    public record FileEdges(Set<String> head, Set<String> tail) implements Serializable {}
}
