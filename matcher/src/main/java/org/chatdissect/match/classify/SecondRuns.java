package org.chatdissect.match.classify;

import java.util.Arrays;

/**
 * A set of epoch seconds stored as sorted, disjoint, non-adjacent runs {@code [from, to]} (inclusive), so a
 * flow active for an hour costs two longs, not 3600. Built by {@link Builder} from packet times.
 */
public final class SecondRuns {
    static final SecondRuns EMPTY = new SecondRuns(new long[0]);
    private final long[] runs; // from0, to0, from1, to1...

    private SecondRuns(long[] runs) {
        this.runs = runs;
    }

    /**
     * The runs given as {@code from0, to0, from1, to1...} (epoch seconds, inclusive), in any order, overlapping or
     * adjacent ones joined: how a flow's seconds travel between processes (the Spark engine's rows and fragments).
     */
    public static SecondRuns ofRuns(long[] fromTo) {
        return joined(fromTo, fromTo.length - fromTo.length % 2);
    }

    /** The first {@code size} entries of {@code runs} (pairs) sorted by start, overlapping and adjacent runs joined. */
    private static SecondRuns joined(long[] runs, int size) {
        long[][] rs = new long[size / 2][];
        for (int i = 0; i < size; i += 2) {
            rs[i / 2] = new long[] {runs[i], runs[i + 1]};
        }
        Arrays.sort(rs, (x, y) -> Long.compare(x[0], y[0]));
        long[] out = new long[size];
        int n = 0;
        for (long[] r : rs) {
            if (n > 0 && r[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], r[1]);
            } else {
                out[n++] = r[0];
                out[n++] = r[1];
            }
        }
        return n == 0 ? EMPTY : new SecondRuns(Arrays.copyOf(out, n));
    }

    /** The runs as {@code from0, to0, from1, to1...}, the form {@link #ofRuns} reads. */
    public long[] toRuns() {
        return runs.clone();
    }

    public int runCount() {
        return runs.length / 2;
    }

    public long from(int i) {
        return runs[2 * i];
    }

    public long to(int i) {
        return runs[2 * i + 1];
    }

    /** Number of seconds in the set. */
    public long count() {
        long n = 0;
        for (int i = 0; i < runs.length; i += 2) {
            n += runs[i + 1] - runs[i] + 1;
        }
        return n;
    }

    /** The run {@code [floor(start), floor(end)]} of seconds a flow was active. */
    public static SecondRuns span(long startNanos, long endNanos) {
        return new SecondRuns(new long[] {Math.floorDiv(startNanos, 1_000_000_000L), Math.floorDiv(endNanos, 1_000_000_000L)});
    }

    /** The union of several sets, as runs (overlapping and adjacent runs joined). */
    static SecondRuns union(Iterable<SecondRuns> sets) {
        int total = 0;
        for (SecondRuns s : sets) {
            total += s.runs.length;
        }
        long[] all = new long[total];
        int k = 0;
        for (SecondRuns s : sets) {
            System.arraycopy(s.runs, 0, all, k, s.runs.length);
            k += s.runs.length;
        }
        return joined(all, total);
    }

    /** Number of seconds in the union of several sets (each sorted; merged without materialising seconds). */
    public static long unionCount(Iterable<SecondRuns> sets) {
        int total = 0;
        for (SecondRuns s : sets) {
            total += s.runCount();
        }
        long[][] all = new long[total][];
        int k = 0;
        for (SecondRuns s : sets) {
            for (int i = 0; i < s.runCount(); i++) {
                all[k++] = new long[] {s.from(i), s.to(i)};
            }
        }
        Arrays.sort(all, (a, b) -> Long.compare(a[0], b[0]));
        long n = 0;
        long curFrom = Long.MIN_VALUE;
        long curTo = Long.MIN_VALUE;
        for (long[] r : all) {
            if (curTo == Long.MIN_VALUE || r[0] > curTo) {
                if (curTo != Long.MIN_VALUE) {
                    n += curTo - curFrom + 1;
                }
                curFrom = r[0];
                curTo = r[1];
            } else {
                curTo = Math.max(curTo, r[1]);
            }
        }
        if (curTo != Long.MIN_VALUE) {
            n += curTo - curFrom + 1;
        }
        return n;
    }

    /** Collects packet times of one flow; allocation-free per packet except when the array grows. */
    static final class Builder {
        private long[] runs = new long[4];
        private int size;
        private boolean sorted = true;

        void add(long timestampNanos) {
            long s = Math.floorDiv(timestampNanos, 1_000_000_000L);
            if (size > 0) {
                long to = runs[size - 1];
                if (s == to || (s >= runs[size - 2] && s <= to)) {
                    return;
                }
                if (s == to + 1) {
                    runs[size - 1] = s;
                    return;
                }
                if (s < to) {
                    sorted = false; // packets slightly out of time order: normalised in build()
                }
            }
            if (size == runs.length) {
                runs = Arrays.copyOf(runs, size * 2);
            }
            runs[size++] = s;
            runs[size++] = s;
        }

        SecondRuns build() {
            if (size == 0) {
                return EMPTY;
            }
            if (sorted) {
                return new SecondRuns(Arrays.copyOf(runs, size));
            }
            return joined(runs, size);
        }
    }
}
