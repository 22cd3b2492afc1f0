package org.chatdissect.core.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Accounting of every frame read: each ends in exactly one bucket, decoded or undecoded-by-reason, so
 * {@code packetsRead == packetsDecoded + undecodedTotal()} always holds. Reasons are short keys such as
 * {@code linktype:105}, {@code ip_proto:icmp}, {@code truncated_record}.
 *
 * <p>Who counts what: the reader counts {@code packetsRead} for every record of a file (including the
 * records it cannot hand out, which it also counts as undecoded); the decoder moves each handed-out
 * record to {@code packetsDecoded} or to one undecoded reason. The invariant therefore holds once every
 * record returned by {@link PacketSource#next} has been passed to {@link PacketDecoder#decode}.
 *
 * <p>Counters are mutable cells so an undecoded frame costs a hash lookup, not a boxed Long.
 */
public final class CaptureStats {
    public long packetsRead;
    public long packetsDecoded;
    private final HashMap<String, long[]> undecoded = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public void undecoded(String reason) {
        long[] cell = undecoded.get(reason);
        if (cell == null) {
            undecoded.put(reason, new long[] {1});
        } else {
            cell[0]++;
        }
    }

    /** Adds {@code n} (which may be negative, to move frames between buckets); zero counts disappear. */
    public void undecoded(String reason, long n) {
        if (n == 0) {
            return;
        }
        long[] cell = undecoded.get(reason);
        if (cell == null) {
            undecoded.put(reason, new long[] {n});
        } else if ((cell[0] += n) == 0) {
            undecoded.remove(reason);
        }
    }

    /** The count for one reason, 0 when absent. */
    public long undecodedCount(String reason) {
        long[] cell = undecoded.get(reason);
        return cell == null ? 0 : cell[0];
    }

    /** A sorted snapshot of the undecoded counts. */
    public SortedMap<String, Long> undecodedByReason() {
        TreeMap<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, long[]> e : undecoded.entrySet()) {
            m.put(e.getKey(), e.getValue()[0]);
        }
        return Collections.unmodifiableSortedMap(m);
    }

    public long undecodedTotal() {
        long t = 0;
        for (long[] v : undecoded.values()) {
            t += v[0];
        }
        return t;
    }

    /** True when every frame read is in exactly one bucket. */
    public boolean balanced() {
        return packetsRead == packetsDecoded + undecodedTotal();
    }

    /** One-line warnings for the user (a file skipped, a record cut short...). */
    public void warn(String line) {
        warnings.add(line);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Adds another run's counts (used when files are read in parallel). */
    public void add(CaptureStats o) {
        packetsRead += o.packetsRead;
        packetsDecoded += o.packetsDecoded;
        o.undecoded.forEach((k, v) -> undecoded(k, v[0]));
        warnings.addAll(o.warnings);
    }

    @Override
    public String toString() {
        return "read=" + packetsRead + " decoded=" + packetsDecoded + " undecoded=" + undecodedByReason();
    }
}
