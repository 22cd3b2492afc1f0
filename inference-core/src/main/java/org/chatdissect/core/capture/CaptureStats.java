package org.chatdissect.core.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Accounting of every frame read: each ends in exactly one bucket, decoded or undecoded-by-reason, so
 * {@code packetsRead == packetsDecoded + undecodedTotal()} always holds. Reasons are short keys such as
 * {@code linktype:105}, {@code ip_proto:icmp}, {@code truncated_record}.
 */
public final class CaptureStats {
    public long packetsRead;
    public long packetsDecoded;
    private final TreeMap<String, Long> undecoded = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();

    public void undecoded(String reason) {
        undecoded.merge(reason, 1L, Long::sum);
    }

    public void undecoded(String reason, long n) {
        if (n != 0) {
            undecoded.merge(reason, n, Long::sum);
        }
    }

    public SortedMap<String, Long> undecodedByReason() {
        return Collections.unmodifiableSortedMap(undecoded);
    }

    public long undecodedTotal() {
        long t = 0;
        for (long v : undecoded.values()) {
            t += v;
        }
        return t;
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
        o.undecoded.forEach((k, v) -> undecoded.merge(k, v, Long::sum));
        warnings.addAll(o.warnings);
    }
}
