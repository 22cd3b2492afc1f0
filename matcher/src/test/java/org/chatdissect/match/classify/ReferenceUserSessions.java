package org.chatdissect.match.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.PrivateAddresses;

/**
 * The session rule as first written (one record per flow, sessions built at the end by a sweep over start times),
 * kept as the reference the folding {@link UserSessions} must agree with. Users as the paper counts them: private IPs, a session ending after {@link #IDLE_NANOS} without activity
 * (operators reuse private IPs). The user of a flow is its client when private, else its server when private
 * (a public client talking to a private server), else nobody.
 *
 * <p>Collects one small record per flow (a few longs and the flow's seconds with payload, as runs) and builds
 * the sessions at the end, so flows from several files, processed in parallel, merge in any order. Memory is
 * per flow, not per packet.
 */
final class ReferenceUserSessions implements FlowSink {
    static final long IDLE_NANOS = UserSessions.IDLE_NANOS;

    private record Activity(int app, long start, long end, long up, long down, SecondRuns seconds) {}

    private final Map<String, List<Activity>> byUser = new HashMap<>();

    @Override
    public void flowEnded(Flow f, FlowVerdict v) {
        String user = UserSessions.userOf(f.client, f.server, f.ipVersion);
        if (user == null) {
            return;
        }
        boolean clientSide = PrivateAddresses.isPrivate(f.client, f.ipVersion);
        byUser.computeIfAbsent(user, k -> new ArrayList<>()).add(new Activity(v.app(), f.startNanos, f.endNanos,
                clientSide ? f.bytesUp : f.bytesDown, clientSide ? f.bytesDown : f.bytesUp, v.seconds()));
    }

    /** Adds another collector's flows (e.g. from another capture file). */
    public void addAll(ReferenceUserSessions other) {
        other.byUser.forEach((u, l) -> byUser.computeIfAbsent(u, k -> new ArrayList<>()).addAll(l));
    }


    /** The sessions, sorted by user (text order) then session number. */
    public List<UserSessions.Session> sessions() {
        List<UserSessions.Session> out = new ArrayList<>();
        for (Map.Entry<String, List<Activity>> e : new TreeMap<>(byUser).entrySet()) {
            List<Activity> acts = new ArrayList<>(e.getValue());
            // deterministic regardless of the order flows ended in
            acts.sort((a, b) -> a.start != b.start ? Long.compare(a.start, b.start)
                    : a.end != b.end ? Long.compare(a.end, b.end) : Long.compare(a.up * 31 + a.down, b.up * 31 + b.down));
            int n = 0;
            List<Activity> cur = new ArrayList<>();
            long curEnd = Long.MIN_VALUE;
            for (Activity a : acts) {
                if (!cur.isEmpty() && a.start - curEnd > IDLE_NANOS) {
                    out.add(session(e.getKey(), n++, cur));
                    cur = new ArrayList<>();
                }
                cur.add(a);
                curEnd = cur.size() == 1 ? a.end : Math.max(curEnd, a.end);
            }
            if (!cur.isEmpty()) {
                out.add(session(e.getKey(), n, cur));
            }
        }
        return out;
    }

    private static UserSessions.Session session(String user, int n, List<Activity> acts) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long up = 0;
        long down = 0;
        List<SecondRuns> transfer = new ArrayList<>();
        List<SecondRuns> active = new ArrayList<>();
        TreeMap<Integer, List<Activity>> perApp = new TreeMap<>();
        for (Activity a : acts) {
            start = Math.min(start, a.start);
            end = Math.max(end, a.end);
            up += a.up;
            down += a.down;
            transfer.add(a.seconds);
            active.add(SecondRuns.span(a.start, a.end));
            if (a.app >= 0) {
                perApp.computeIfAbsent(a.app, k -> new ArrayList<>()).add(a);
            }
        }
        Map<Integer, UserSessions.Usage> apps = new TreeMap<>();
        perApp.forEach((app, l) -> {
            long u = 0;
            long d = 0;
            List<SecondRuns> t = new ArrayList<>();
            List<SecondRuns> s = new ArrayList<>();
            for (Activity a : l) {
                u += a.up;
                d += a.down;
                t.add(a.seconds);
                s.add(SecondRuns.span(a.start, a.end));
            }
            apps.put(app, new UserSessions.Usage(u, d, SecondRuns.unionCount(t), SecondRuns.unionCount(s)));
        });
        return new UserSessions.Session(user, n, start, end, up, down, SecondRuns.unionCount(transfer), SecondRuns.unionCount(active),
                apps);
    }
}
