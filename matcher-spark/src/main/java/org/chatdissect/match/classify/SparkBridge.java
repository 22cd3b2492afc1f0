package org.chatdissect.match.classify;

import java.util.List;

/**
 * The one place where matcher-spark reaches package-private parts of the matcher: rebuilding a flow's
 * {@link SecondRuns} from the runs a row carried over the wire (the matcher has no public factory for it), and
 * the user of a flow ({@code PrivateAddresses}), to group flows by user on the executors.
 * Lives in the matcher's package inside the matcher-spark jar (split package on the class path; not a JPMS
 * module). If the matcher gains {@code SecondRuns.of(long[])}, this class goes.
 */
public final class SparkBridge {
    private SparkBridge() {}

    /** @param runs from0, to0, from1, to1... (epoch seconds, sorted, disjoint) as {@link #runs} gave them */
    public static SecondRuns secondRuns(long[] runs) {
        SecondRuns.Builder b = new SecondRuns.Builder();
        for (int i = 0; i + 1 < runs.length; i += 2) {
            for (long s = runs[i]; s <= runs[i + 1]; s++) {
                b.add(s * 1_000_000_000L);
            }
        }
        return b.build();
    }

    public static long[] runs(SecondRuns s) {
        long[] out = new long[2 * s.runCount()];
        for (int i = 0; i < s.runCount(); i++) {
            out[2 * i] = s.from(i);
            out[2 * i + 1] = s.to(i);
        }
        return out;
    }

    /** The user of a flow as {@link UserSessions} picks it: the private client, else the private server, else null. */
    public static String userOf(byte[] client, byte[] server, int ipVersion) {
        if (PrivateAddresses.isPrivate(client, ipVersion)) {
            return org.chatdissect.core.flow.FlowAddresses.format(client, ipVersion);
        }
        if (PrivateAddresses.isPrivate(server, ipVersion)) {
            return org.chatdissect.core.flow.FlowAddresses.format(server, ipVersion);
        }
        return null;
    }

    public static FlowVerdict verdict(int app, String signature, List<TaskRecord> tasks, long[] runs) {
        return new FlowVerdict(app, signature, tasks, secondRuns(runs));
    }
}
