package org.chatdissect.match.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowAddresses;
import org.chatdissect.core.flow.PrivateAddresses;

/**
 * Users as the paper counts them: private IPs, a session ending after {@link #IDLE_NANOS} without activity
 * (operators reuse private IPs). The user of a flow is its client when private, else its server when private
 * (a public client talking to a private server), else nobody.
 *
 * <p>Flows are folded into their user's sessions as they end: two flows share a session exactly when their spans,
 * each extended by the idle time, chain together, which does not depend on the order flows end in (files classified
 * in parallel merge in any order). A session keeps sums and the union of its flows' seconds as runs, so memory grows
 * with users, sessions and the runs of seconds they were active, not with flows: a user's ten thousand heartbeat flows
 * of one day cost one session.
 */
public final class UserSessions implements FlowSink {
    public static final long IDLE_NANOS = 3600L * 1_000_000_000L;

    /** Seconds of one session or of one app's share of it: unions folded lazily, see {@link #compact}. */
    private static final class Seconds {
        SecondRuns transfer = SecondRuns.EMPTY;
        SecondRuns active = SecondRuns.EMPTY;
        final List<SecondRuns> pendingTransfer = new ArrayList<>();
        final List<SecondRuns> pendingActive = new ArrayList<>();
        int pendingRuns;
        long up;
        long down;

        void add(long upBytes, long downBytes, SecondRuns t, SecondRuns a) {
            up += upBytes;
            down += downBytes;
            pendingTransfer.add(t);
            pendingActive.add(a);
            pendingRuns += t.runCount() + a.runCount();
            // union once the pending runs outweigh the folded ones: each run is re-sorted O(log) times in all
            if (pendingRuns > 64 + transfer.runCount() + active.runCount()) {
                compact();
            }
        }

        void absorb(Seconds o) {
            o.compact();
            add(o.up, o.down, o.transfer, o.active);
        }

        void compact() {
            if (pendingTransfer.isEmpty()) {
                return;
            }
            pendingTransfer.add(transfer);
            pendingActive.add(active);
            transfer = SecondRuns.union(pendingTransfer);
            active = SecondRuns.union(pendingActive);
            pendingTransfer.clear();
            pendingActive.clear();
            pendingRuns = 0;
        }
    }

    /** A session in the making: its span and totals, and the same per classified app. */
    private static final class Cluster {
        long start;
        long end;
        final Seconds all = new Seconds();
        final TreeMap<Integer, Seconds> apps = new TreeMap<>();

        void absorb(Cluster o) {
            start = Math.min(start, o.start);
            end = Math.max(end, o.end);
            all.absorb(o.all);
            o.apps.forEach((app, s) -> apps.computeIfAbsent(app, k -> new Seconds()).absorb(s));
        }
    }

    /** Per user, the sessions so far by start; their spans extended by the idle time are disjoint. */
    private final Map<String, TreeMap<Long, Cluster>> byUser = new HashMap<>();

    @Override
    public void flowEnded(Flow f, FlowVerdict v) {
        String user = userOf(f.client, f.server, f.ipVersion);
        if (user == null) {
            return;
        }
        boolean clientSide = PrivateAddresses.isPrivate(f.client, f.ipVersion);
        long up = clientSide ? f.bytesUp : f.bytesDown;
        long down = clientSide ? f.bytesDown : f.bytesUp;
        Cluster c = new Cluster();
        c.start = f.startNanos;
        c.end = f.endNanos;
        SecondRuns span = SecondRuns.span(f.startNanos, f.endNanos);
        c.all.add(up, down, v.seconds(), span);
        if (v.app() >= 0) {
            c.apps.computeIfAbsent(v.app(), k -> new Seconds()).add(up, down, v.seconds(), span);
        }
        insert(byUser.computeIfAbsent(user, k -> new TreeMap<>()), c);
    }

    /** Folds {@code c} into the sessions it chains with (spans at most the idle time apart). */
    private static void insert(TreeMap<Long, Cluster> sessions, Cluster c) {
        // the sessions starting before c's end plus the idle time, latest first; their ends rise with their starts
        Iterator<Cluster> it = sessions.headMap(c.end + IDLE_NANOS, true).descendingMap().values().iterator();
        while (it.hasNext()) {
            Cluster k = it.next();
            if (k.end + IDLE_NANOS < c.start) {
                break;
            }
            it.remove();
            c.absorb(k);
        }
        sessions.put(c.start, c);
    }

    /** The user of a flow: its private client, else its private server, else nobody (null). */
    public static String userOf(byte[] client, byte[] server, int ipVersion) {
        if (PrivateAddresses.isPrivate(client, ipVersion)) {
            return FlowAddresses.format(client, ipVersion);
        }
        if (PrivateAddresses.isPrivate(server, ipVersion)) {
            return FlowAddresses.format(server, ipVersion);
        }
        return null;
    }

    /** Adds another collector's flows (e.g. from another capture file). */
    public void addAll(UserSessions other) {
        other.byUser.forEach((u, sessions) -> {
            TreeMap<Long, Cluster> mine = byUser.computeIfAbsent(u, k -> new TreeMap<>());
            sessions.values().forEach(c -> insert(mine, c));
        });
    }

    /** One user session; {@code apps} maps app index to usage. */
    public record Session(String user, int session, long startNanos, long endNanos, long bytesUp, long bytesDown,
            long transferS, long activeS, Map<Integer, Usage> apps) {}

    public record Usage(long bytesUp, long bytesDown, long transferS, long activeS) {}

    /** The sessions, sorted by user (text order) then session number. */
    public List<Session> sessions() {
        List<Session> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, Cluster>> e : new TreeMap<>(byUser).entrySet()) {
            int n = 0;
            for (Cluster c : e.getValue().values()) {
                c.all.compact();
                Map<Integer, Usage> apps = new TreeMap<>();
                c.apps.forEach((app, s) -> {
                    s.compact();
                    apps.put(app, new Usage(s.up, s.down, s.transfer.count(), s.active.count()));
                });
                out.add(new Session(e.getKey(), n++, c.start, c.end, c.all.up, c.all.down, c.all.transfer.count(),
                        c.all.active.count(), apps));
            }
        }
        return out;
    }
}
