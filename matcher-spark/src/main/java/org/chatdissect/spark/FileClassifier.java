package org.chatdissect.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowEndReason;
import org.chatdissect.core.flow.FlowKey;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.flow.FlowTable;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.inspect.HttpRequest;
import org.chatdissect.core.inspect.Probe;
import org.chatdissect.match.classify.FlowClassifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.Direction;

/**
 * The map side, plain Java (no Spark): classifies one capture file with its own flow table and
 * {@link FlowClassifier}, exactly as the local classifier does, and sorts each finished flow into a final
 * {@link FinishedFlow} or a {@link Fragment} (a flow that may continue into a neighbouring file).
 *
 * <p>Every live flow logs its packets ({@link PacketLog}) until it ends, because whether it is still live at the
 * file's end is known only then; flows that end inside the file without being exposed drop their log. A log
 * holds at most {@link Limits#maxPackets} packets; beyond that the fragment is marked overflowed and the merge
 * falls back to joining counters (see docs/design/spark.md).
 */
public final class FileClassifier {
    /**
     * Bounds of a fragment's packet log.
     *
     * @param maxPackets   packets logged per fragment at most
     * @param headerBytes  payload bytes kept of an ordinary packet (at least every header signature's last byte)
     * @param fullBytes    TCP payload bytes per direction kept whole from a fragment's start (flow-type detection,
     *                     TLS ClientHello, HTTP first request; FlowTypeDetector reads at most 16,389)
     */
    public record Limits(int maxPackets, int headerBytes, int fullBytes) implements java.io.Serializable {
        public static Limits defaults(CompiledSignatures sigs, List<org.chatdissect.model.SignatureSet> sets) {
            return new Limits(1 << 20, headerBytes(sets), 64 * 1024);
        }

        /** The last payload byte any header signature reads, rounded up; at least 64. */
        public static int headerBytes(List<org.chatdissect.model.SignatureSet> sets) {
            int max = 64;
            for (var set : sets) {
                for (var s : set.signatures()) {
                    max = Math.max(max, s.scope());
                    for (var f : s.fields()) {
                        max = Math.max(max, f.offset() + f.length());
                    }
                }
            }
            return max;
        }
    }

    /** What one file gives: frame accounting and the final rows and fragments (through the consumers). */
    public record FileStats(int fileIndex, String name, long packetsRead, long packetsDecoded,
            Map<String, Long> undecoded, List<String> warnings, boolean skipped, long flows, long fragments,
            long fragmentBytes) implements java.io.Serializable {}

    private final CompiledSignatures sigs;
    private final FlowTableConfig config;
    private final Limits limits;
    private final long associationIdleNanos;

    /** @param associationIdleNanos lifetime of an unused association, as the local engine's {@code --association-idle} */
    public FileClassifier(CompiledSignatures sigs, FlowTableConfig config, long associationIdleNanos, Limits limits) {
        this.sigs = sigs;
        this.config = config;
        this.associationIdleNanos = associationIdleNanos;
        this.limits = limits;
    }

    /** Per-flow bookkeeping beside the classifier's own state. */
    private static final class Rec {
        final Flow flow;
        final FlowKey key;
        final boolean exposed;
        PacketLog log = new PacketLog();
        /** False when the flow can never become a fragment (then {@code log} stays empty). */
        boolean logging = true;
        /** A later file may continue this 5-tuple. */
        boolean mayContinue = true;
        int packets;
        int fullLeftA;
        int fullLeftB;
        boolean aIsClient;

        Rec(Flow flow, FlowKey key, boolean exposed, int full) {
            this.flow = flow;
            this.key = key;
            this.exposed = exposed;
            this.fullLeftA = full;
            this.fullLeftB = full;
        }
    }

    public FileStats classify(Path file, int fileIndex, String name, Consumer<FinishedFlow> rows,
            Consumer<Fragment> fragments) throws IOException {
        return classify(file, fileIndex, name, null, null, rows, fragments);
    }

    /**
     * @param headKeys 5-tuples (canonical keys) that an earlier file has within the timeout of this file's packets
     *     of them, or null for every tuple ({@link EdgeScan} finds them)
     * @param tailKeys 5-tuples that a later file continues within the timeout, or null for every tuple
     */
    public FileStats classify(Path file, int fileIndex, String name, java.util.Set<String> headKeys,
            java.util.Set<String> tailKeys, Consumer<FinishedFlow> rows, Consumer<Fragment> fragments) throws IOException {
        CaptureStats stats = new CaptureStats();
        long[] counts = new long[3];
        List<String> warnings = new java.util.ArrayList<>();
        try (PacketSource src = CaptureReader.open(List.of(file), stats)) {
            Run run = new Run(fileIndex, rows, fragments, counts);
            run.headKeys = headKeys;
            run.tailKeys = tailKeys;
            run.go(src, stats);
            warnings.addAll(stats.warnings());
            warnings.addAll(run.table.stats().warnings());
        }
        return new FileStats(fileIndex, name, stats.packetsRead, stats.packetsDecoded,
                new java.util.TreeMap<>(stats.undecodedByReason()), warnings, false, counts[0], counts[1], counts[2]);
    }

    private final class Run implements FlowObserver {
        final int fileIndex;
        final Consumer<FinishedFlow> rows;
        final Consumer<Fragment> fragments;
        final long[] counts;
        final FlowClassifier classifier;
        final FlowTable table;
        final Map<FlowKey, Rec> byKey = new HashMap<>();
        final IdentityHashMap<Flow, Rec> byFlow = new IdentityHashMap<>();
        /** 5-tuples with an exposed flow: a later flow starting within the timeout of its end is exposed too. */
        final Map<FlowKey, Long> exposedUntil = new HashMap<>();
        final FlowKey probe = new FlowKey();
        long fileStart = Long.MIN_VALUE;
        DecodedPacket pending;
        Rec pendingRec;
        boolean pendingLogged;

        java.util.Set<String> headKeys;
        java.util.Set<String> tailKeys;

        Run(int fileIndex, Consumer<FinishedFlow> rows, Consumer<Fragment> fragments, long[] counts) {
            this.fileIndex = fileIndex;
            this.rows = rows;
            this.fragments = fragments;
            this.counts = counts;
            this.classifier = new FlowClassifier(sigs, this::finished, associationIdleNanos, config.maxFlows());
            this.table = new FlowTable(config, this);
        }

        void go(PacketSource src, CaptureStats stats) throws IOException {
            PacketDecoder decoder = new PacketDecoder(stats);
            PacketRecord record = new PacketRecord();
            DecodedPacket p = new DecodedPacket();
            while (src.next(record)) {
                if (!decoder.decode(record, p)) {
                    continue;
                }
                if (fileStart == Long.MIN_VALUE) {
                    fileStart = p.timestampNanos;
                }
                probe.set(p);
                pending = p;
                pendingLogged = false;
                table.accept(p);
                if (!pendingLogged) {
                    Rec r = byKey.get(probe);
                    if (r != null) {
                        log(r, p);
                    }
                }
                pending = null;
            }
            decoder.finish();
            table.finish();
        }

        long timeout(int protocol) {
            return protocol == 6 ? config.tcpIdleTimeoutNanos() : config.udpIdleTimeoutNanos();
        }

        @Override
        public void onFlowStart(Flow flow) {
            FlowKey key = probe.copy(); // flows are only created for the packet being accepted
            String canonical = headKeys == null && tailKeys == null ? null : keyOf(flow);
            boolean head = headKeys == null || headKeys.contains(canonical);
            boolean tail = tailKeys == null || tailKeys.contains(canonical);
            boolean exposed = fileIndex > 0 && head
                    && flow.startNanos <= exposedUntil.getOrDefault(key, fileStart + timeout(flow.protocol));
            Rec r = new Rec(flow, key, exposed, limits.fullBytes());
            r.mayContinue = tail;
            if (!exposed && !tail) {
                r.logging = false; // nothing in another file can join this flow: no log
            }
            byKey.put(key, r);
            byFlow.put(flow, r);
            classifier.onFlowStart(flow);
        }

        @Override
        public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wireLen) {
            classifier.onPayload(flow, dir, ts, frame, data, off, len, wireLen);
        }

        @Override
        public void onFlowEnd(Flow flow) {
            Rec r = byFlow.remove(flow);
            if (r != null) {
                // a packet that ends its flow (RST, completed close) is counted in it before the end
                if (pending != null && !pendingLogged && r.packets + 1 == flow.packetsUp + flow.packetsDown
                        && r.key.equals(probe)) {
                    log(r, pending);
                }
                if (byKey.get(r.key) == r) {
                    byKey.remove(r.key);
                }
                if (r.exposed) {
                    long until = flow.endNanos + timeout(flow.protocol);
                    exposedUntil.merge(r.key, until, Math::max);
                }
                current = r;
            }
            classifier.onFlowEnd(flow); // calls finished(flow, verdict)
            current = null;
        }

        Rec current;

        void finished(Flow flow, org.chatdissect.match.classify.FlowVerdict v) {
            counts[0]++;
            FinishedFlow row = FinishedFlow.of(flow, v, fileIndex);
            Rec r = current;
            boolean tail = flow.endReason == FlowEndReason.END_OF_INPUT && r != null && r.mayContinue;
            if (r == null || !(r.exposed || tail)) {
                rows.accept(row);
                return;
            }
            byte[] a = new byte[16];
            byte[] b = new byte[16];
            int pa;
            int pb;
            if (r.aIsClient) {
                System.arraycopy(flow.client, 0, a, 0, 16);
                System.arraycopy(flow.server, 0, b, 0, 16);
                pa = flow.clientPort;
                pb = flow.serverPort;
            } else {
                System.arraycopy(flow.server, 0, a, 0, 16);
                System.arraycopy(flow.client, 0, b, 0, 16);
                pa = flow.serverPort;
                pb = flow.clientPort;
            }
            String key = keyOf(flow);
            byte[] log = r.log == null ? null : r.log.toBytes();
            counts[1]++;
            counts[2] += log == null ? 0 : log.length;
            fragments.accept(new Fragment(key, row.firstFrameRef, flow.startNanos, flow.endNanos, tail, flow.protocol,
                    flow.ipVersion, a, pa, b, pb, r.packets, log, r.log == null, row));
        }

        private void log(Rec r, DecodedPacket p) {
            pendingLogged = true;
            if (r.packets == 0) {
                // endpoint A is the lower (address, port); the same order in every file
                r.aIsClient = lowerIsClient(r.flow);
            }
            r.packets++;
            if (r.log == null || !r.logging) {
                return;
            }
            if (r.log.packets() >= limits.maxPackets()) {
                r.log = null; // overflow: the merge joins this fragment by its counters
                return;
            }
            boolean fromA = isFromA(r, p);
            int len = p.payloadLength;
            int carried = Math.min(len, limits.headerBytes());
            if (len > carried) {
                int left = p.protocol != 6 ? 0 : fromA ? r.fullLeftA : r.fullLeftB;
                if (left > 0) {
                    carried = len;
                    if (fromA) {
                        r.fullLeftA -= len;
                    } else {
                        r.fullLeftB -= len;
                    }
                } else if (p.protocol == 17 ? (p.srcPort == 53 || p.dstPort == 53)
                        : HttpRequest.probe(p.payload, p.payloadOffset, len) != Probe.NOT_MATCHED) {
                    carried = len; // DNS queries, HTTP request heads: the keyword matcher reads them whole
                }
            }
            r.log.add(p, FrameRef.of(fileIndex, p.frameNumber), fromA, carried);
        }

        private boolean isFromA(Rec r, DecodedPacket p) {
            Flow f = r.flow;
            boolean fromClient = p.srcPort == f.clientPort
                    && Arrays.equals(p.src, 0, 16, f.client, 0, 16)
                    && !(f.clientPort == f.serverPort && Arrays.equals(f.client, f.server));
            return fromClient == r.aIsClient;
        }
    }

    /** The canonical key of a flow's 5-tuple: protocol, IP version, the lower endpoint, the higher one. */
    static String keyOf(Flow f) {
        boolean c = lowerIsClient(f);
        return key(f.protocol, f.ipVersion, c ? f.client : f.server, c ? f.clientPort : f.serverPort,
                c ? f.server : f.client, c ? f.serverPort : f.clientPort);
    }

    static String key(int protocol, int ipVersion, byte[] a, int pa, byte[] b, int pb) {
        return protocol + "/" + ipVersion + "/" + hex(a) + ":" + pa + "/" + hex(b) + ":" + pb;
    }

    /** The same key from a packet's two endpoints. */
    static String keyOf(DecodedPacket p) {
        int c = Arrays.compareUnsigned(p.src, p.dst);
        boolean srcLow = c != 0 ? c < 0 : p.srcPort <= p.dstPort;
        return key(p.protocol, p.ipVersion, srcLow ? p.src : p.dst, srcLow ? p.srcPort : p.dstPort,
                srcLow ? p.dst : p.src, srcLow ? p.dstPort : p.srcPort);
    }

    static boolean lowerIsClient(Flow f) {
        int c = Arrays.compareUnsigned(f.client, f.server);
        return c != 0 ? c < 0 : f.clientPort <= f.serverPort;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(32);
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return s.toString();
    }
}
