package org.chatdissect.match.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.chatdissect.core.flow.Flow;
import org.junit.jupiter.api.Test;

/**
 * Sessions folded as flows end ({@link UserSessions}) equal the sweep over all flows at the end
 * ({@link ReferenceUserSessions}), whatever order the flows end in and however they are split between collectors.
 */
class UserSessionsTest {
    private record Ended(Flow flow, FlowVerdict verdict) {}

    private static List<Ended> flows(long seed, int n) {
        Random r = new Random(seed);
        List<Ended> out = new ArrayList<>();
        long t0 = 1_700_000_000L * 1_000_000_000L;
        for (int i = 0; i < n; i++) {
            Flow f = new Flow();
            f.ipVersion = 4;
            byte[] priv = {10, 0, 0, (byte) (1 + r.nextInt(4))};
            byte[] pub = {(byte) 183, 3, 0, (byte) r.nextInt(8)};
            boolean clientPrivate = r.nextInt(5) != 0;
            System.arraycopy(clientPrivate ? priv : pub, 0, f.client, 12, 4);
            System.arraycopy(clientPrivate ? pub : (r.nextBoolean() ? priv : pub), 0, f.server, 12, 4);
            // bursts of activity hours apart, so that sessions split and chain
            long start = t0 + (long) r.nextInt(8) * 5 * UserSessions.IDLE_NANOS
                    + (long) (r.nextDouble() * 3 * UserSessions.IDLE_NANOS);
            f.startNanos = start;
            f.endNanos = start + (long) (r.nextDouble() * 600e9);
            f.bytesUp = r.nextInt(100_000);
            f.bytesDown = r.nextInt(100_000);
            SecondRuns.Builder b = new SecondRuns.Builder();
            for (long t = f.startNanos; t <= f.endNanos; t += (long) (r.nextDouble() * 30e9) + 1) {
                b.add(t);
            }
            out.add(new Ended(f, new FlowVerdict(r.nextInt(4) - 1, null, List.of(), b.build())));
        }
        return out;
    }

    @Test
    void foldingAgreesWithTheSweepInAnyOrder() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Ended> flows = flows(seed, 50 + (int) seed * 40);
            ReferenceUserSessions reference = new ReferenceUserSessions();
            flows.forEach(e -> reference.flowEnded(e.flow(), e.verdict()));
            List<UserSessions.Session> want = reference.sessions();
            assertTrue(want.size() > 4, "seed " + seed + ": too few sessions to test chaining: " + want.size());

            List<Ended> shuffled = new ArrayList<>(flows);
            Collections.shuffle(shuffled, new Random(seed));
            UserSessions one = new UserSessions();
            UserSessions two = new UserSessions();
            for (int i = 0; i < shuffled.size(); i++) {
                (i % 3 == 0 ? two : one).flowEnded(shuffled.get(i).flow(), shuffled.get(i).verdict());
            }
            one.addAll(two);
            assertEquals(want, one.sessions(), "seed " + seed);
        }
    }
}
