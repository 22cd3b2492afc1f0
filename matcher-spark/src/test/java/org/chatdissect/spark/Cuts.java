package org.chatdissect.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.FlowKey;

/** Where to cut a capture for the tests. */
final class Cuts {
    private Cuts() {}

    /** {@code n - 1} cut indices at random packet boundaries (seeded). */
    static List<Integer> random(int packets, int n, long seed) {
        Random r = new Random(seed);
        List<Integer> out = new ArrayList<>();
        while (out.size() < n - 1) {
            int c = 1 + r.nextInt(packets - 1);
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * A TCP or UDP 5-tuple's two consecutive packets whose gap lies in [minGapMs, maxGapMs] milliseconds.
     *
     * @return {frame of the first (1-based) = the cut index that ends a piece with it, gap in nanoseconds}
     */
    static long[] gap(Path pcap, boolean tcp, long minGapMs, long maxGapMs) throws IOException {
        CaptureStats stats = new CaptureStats();
        Map<FlowKey, long[]> last = new HashMap<>();
        FlowKey probe = new FlowKey();
        try (PacketSource src = CaptureReader.open(List.of(pcap), stats)) {
            PacketDecoder d = new PacketDecoder(stats);
            PacketRecord rec = new PacketRecord();
            DecodedPacket p = new DecodedPacket();
            while (src.next(rec)) {
                if (!d.decode(rec, p) || p.isTcp() != tcp) {
                    continue;
                }
                long[] prev = last.get(probe.set(p));
                if (prev != null) {
                    long gap = p.timestampNanos - prev[1];
                    if (gap >= minGapMs * 1_000_000L && gap <= maxGapMs * 1_000_000L) {
                        return new long[] {prev[0], gap};
                    }
                    prev[0] = p.frameNumber;
                    prev[1] = p.timestampNanos;
                } else {
                    last.put(probe.copy(), new long[] {p.frameNumber, p.timestampNanos});
                }
            }
        }
        throw new IllegalStateException("no gap in [" + minGapMs + ", " + maxGapMs + "] ms");
    }
}
