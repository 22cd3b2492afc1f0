package org.chatdissect.bench.match;

import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.FlowKey;
import org.chatdissect.core.flow.LiveFlows;

/**
 * Bench command: the flow table's per-packet lookup, {@link LiveFlows} against the fastutil map it replaced
 * ({@code Object2ObjectOpenHashMap<FlowKey, …>}, kept as the reference in {@code LiveFlowsDifferentialTest}).
 * The packets of a capture are decoded once into their 5-tuples, stored flat (40 bytes a packet, read in
 * order); then each variant replays them through one reused {@link DecodedPacket}: key, look up, insert when absent (flows are never removed here: the capture's whole flow set stays live, the table's worst case).
 *
 * <p>Usage: {@code FlowLookupBench capture.pcap [runs]}; prints every run (the first includes JIT warm-up). The
 * key-only replay is timed separately and subtracted, so the figures are the lookup (and insert) alone.
 */
public final class FlowLookupBench {
    private FlowLookupBench() {}

    static final class Entry extends LiveFlows.Entry {
        Entry(FlowKey k) {
            super(k);
        }
    }

    /** Flat tuples: addresses (32 bytes a packet), ports and protocol/version. */
    record Tuples(byte[] addr, int[] ports, byte[] protoVersion, int n) {
        void load(int i, DecodedPacket p) {
            System.arraycopy(addr, 32 * i, p.src, 0, 16);
            System.arraycopy(addr, 32 * i + 16, p.dst, 0, 16);
            p.srcPort = ports[i] >>> 16;
            p.dstPort = ports[i] & 0xffff;
            p.protocol = protoVersion[i] & 0x7f;
            p.ipVersion = protoVersion[i] < 0 ? 6 : 4;
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Tuples t = load(file);
        System.out.printf(Locale.ROOT, "%d TCP/UDP packets%n", t.n());
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            long base = keysOnly(t);
            long t1 = System.nanoTime();
            int flowsA = ours(t);
            long t2 = System.nanoTime();
            int flowsB = fastutil(t);
            long t3 = System.nanoTime();
            if (flowsA != flowsB) {
                throw new IllegalStateException(flowsA + " vs " + flowsB + " flows");
            }
            double n = t.n();
            double k = (t1 - t0) / n;
            double a = (t2 - t1) / n - k;
            double b = (t3 - t2) / n - k;
            System.out.printf(Locale.ROOT, "run %d: %d flows; replay+key %.1f ns/packet (%d), then lookup: LiveFlows "
                    + "%.1f ns/packet, fastutil map %.1f ns/packet, ratio %.2f%n", r, flowsA, k, base & 1, a, b, b / a);
        }
    }

    static long keysOnly(Tuples t) {
        DecodedPacket p = new DecodedPacket();
        FlowKey probe = new FlowKey();
        long sum = 0;
        for (int i = 0; i < t.n(); i++) {
            t.load(i, p);
            sum += probe.set(p).hashCode();
        }
        return sum;
    }

    static int ours(Tuples t) {
        LiveFlows<Entry> m = new LiveFlows<>();
        DecodedPacket p = new DecodedPacket();
        FlowKey probe = new FlowKey();
        for (int i = 0; i < t.n(); i++) {
            t.load(i, p);
            if (m.find(probe.set(p)) == null) {
                m.insert(new Entry(probe));
            }
        }
        return m.size();
    }

    static int fastutil(Tuples t) {
        Object2ObjectOpenHashMap<FlowKey, Object> m = new Object2ObjectOpenHashMap<>();
        DecodedPacket p = new DecodedPacket();
        FlowKey probe = new FlowKey();
        for (int i = 0; i < t.n(); i++) {
            t.load(i, p);
            if (m.get(probe.set(p)) == null) {
                FlowKey k = probe.copy();
                m.put(k, k);
            }
        }
        return m.size();
    }

    static Tuples load(Path file) throws Exception {
        CaptureStats stats = new CaptureStats();
        PacketDecoder dec = new PacketDecoder(stats);
        PacketRecord rec = new PacketRecord();
        DecodedPacket out = new DecodedPacket();
        java.io.ByteArrayOutputStream addr = new java.io.ByteArrayOutputStream();
        it.unimi.dsi.fastutil.ints.IntArrayList ports = new it.unimi.dsi.fastutil.ints.IntArrayList();
        java.io.ByteArrayOutputStream pv = new java.io.ByteArrayOutputStream();
        try (PacketSource src = CaptureReader.open(List.of(file), stats)) {
            while (src.next(rec)) {
                if (dec.decode(rec, out)) {
                    addr.write(out.src, 0, 16);
                    addr.write(out.dst, 0, 16);
                    ports.add((out.srcPort << 16) | out.dstPort);
                    pv.write(out.protocol | (out.ipVersion == 6 ? 0x80 : 0));
                }
            }
        }
        return new Tuples(addr.toByteArray(), ports.toIntArray(), pv.toByteArray(), ports.size());
    }
}
