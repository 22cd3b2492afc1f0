package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.chatdissect.core.capture.DecodedPacket;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveFlows} (the flow table's index) against the library it replaced, fastutil's
 * {@code Object2ObjectOpenHashMap<FlowKey, …>}: random inserts, lookups (both directions of a tuple) and deletes,
 * growing to thousands of flows and shrinking back, with few distinct addresses and ports so probe runs collide
 * and backward-shift deletion is exercised.
 */
class LiveFlowsDifferentialTest {
    static final class E extends LiveFlows.Entry {
        final FlowKey key;

        E(FlowKey k) {
            super(k);
            this.key = k.copy();
        }
    }

    private static DecodedPacket packet(Random r, boolean v6, int spread) {
        DecodedPacket p = new DecodedPacket();
        p.protocol = r.nextBoolean() ? 6 : 17;
        p.ipVersion = v6 ? 6 : 4;
        fill(r, p.src, v6, spread);
        fill(r, p.dst, v6, spread);
        p.srcPort = r.nextInt(spread);
        p.dstPort = r.nextInt(spread);
        return p;
    }

    private static void fill(Random r, byte[] a, boolean v6, int spread) {
        java.util.Arrays.fill(a, (byte) 0);
        if (v6) {
            a[0] = 0x20;
            a[1] = 0x01;
            a[15] = (byte) r.nextInt(spread);
            a[7] = (byte) r.nextInt(3);
        } else {
            a[12] = 10;
            a[15] = (byte) r.nextInt(spread);
        }
    }

    private static DecodedPacket reversed(DecodedPacket p) {
        DecodedPacket q = new DecodedPacket();
        q.protocol = p.protocol;
        q.ipVersion = p.ipVersion;
        System.arraycopy(p.src, 0, q.dst, 0, 16);
        System.arraycopy(p.dst, 0, q.src, 0, 16);
        q.srcPort = p.dstPort;
        q.dstPort = p.srcPort;
        return q;
    }

    @Test
    void sameAnswersAsFastutilMap() {
        Random r = new Random(7);
        LiveFlows<E> ours = new LiveFlows<>();
        Object2ObjectOpenHashMap<FlowKey, E> ref = new Object2ObjectOpenHashMap<>();
        List<E> present = new ArrayList<>();
        FlowKey probe = new FlowKey();
        int maxSize = 0;
        for (int step = 0; step < 400_000; step++) {
            // phases: grow to ~6000 flows, then drain to a few, twice
            int phase = (step / 100_000) % 2;
            int op = r.nextInt(10);
            DecodedPacket p = packet(r, r.nextInt(4) == 0, 40);
            if (r.nextBoolean()) {
                p = reversed(p);
            }
            probe.set(p);
            E mine = ours.find(probe);
            E theirs = ref.get(probe);
            assertSame(theirs, mine, "lookup at step " + step);
            boolean insert = phase == 0 ? op < 6 : op < 2;
            if (mine == null && insert) {
                E e = new E(probe);
                ours.insert(e);
                ref.put(e.key, e);
                present.add(e);
            } else if (!present.isEmpty() && !insert) {
                E victim = present.remove(r.nextInt(present.size()));
                ours.delete(victim);
                assertSame(victim, ref.remove(victim.key));
            }
            assertEquals(ref.size(), ours.size());
            maxSize = Math.max(maxSize, ours.size());
            if (step % 50_000 == 0) {
                for (E e : present) {
                    assertSame(e, ours.find(e.key));
                }
                E[] all = ours.toArray(new E[ours.size()]);
                assertEquals(new HashSet<>(present), new HashSet<>(List.of(all)));
            }
        }
        assertTrue(maxSize > 2000, "grew to " + maxSize);
    }

    @Test
    void shrinksWhenFlowsEnd() {
        LiveFlows<E> ours = new LiveFlows<>();
        Random r = new Random(1);
        List<E> all = new ArrayList<>();
        FlowKey probe = new FlowKey();
        for (int i = 0; i < 100_000; i++) {
            DecodedPacket p = packet(r, false, 256);
            p.srcPort = i & 0xffff;
            p.dstPort = 1 + (i >>> 16);
            if (ours.find(probe.set(p)) == null) {
                E e = new E(probe);
                ours.insert(e);
                all.add(e);
            }
        }
        int big = ours.capacity();
        all.sort(Comparator.comparingInt(e -> e.key.hashCode()));
        for (E e : all) {
            ours.delete(e);
        }
        assertEquals(0, ours.size());
        assertTrue(ours.capacity() < big / 16, big + " -> " + ours.capacity());
    }
}
