package org.chatdissect.core.flow;

import java.util.Arrays;
import java.util.Comparator;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.model.Direction;

/**
 * Streaming table of live bidirectional flows. Feed it decoded packets in capture order with
 * {@link #accept}; it tells the observer about flows starting, ordered payloads, and flows ending, then
 * forgets ended flows, so memory follows the number of live flows, never the capture size.
 *
 * <p>Emission order of {@code onFlowEnd} (deterministic for a given input):
 * <ol>
 *   <li>flows ended by a packet (FIN handshake complete, RST, port reuse) at that packet;
 *   <li>idle flows when the capture clock (the largest timestamp seen in the current file) passes their
 *       deadline, checked before each packet whose timestamp advances the clock, in deadline order
 *       (ties: TCP open, TCP closing, UDP, then least recently active first);
 *   <li>an evicted flow just before the flow whose creation needed its slot;
 *   <li>at the end of each capture file (flows never span files) and at {@link #finish}, the remaining
 *       flows in order of their first packet.
 * </ol>
 *
 * <p>Not thread-safe: one table per reading thread.
 */
public final class FlowTable {
    private final FlowTableConfig config;
    private final FlowObserver observer;
    private final FlowTableStats stats = new FlowTableStats();
    private final LiveFlows<FlowEntry> live = new LiveFlows<>();
    private final FlowKey probe = new FlowKey();
    private final ActivityList tcpOpen;
    private final ActivityList tcpClosing;
    private final ActivityList udp;
    private final ActivityList[] lists;
    private final Delivery delivery = new Delivery();

    private int currentFile = -1;
    private long clock = Long.MIN_VALUE;
    private long nextId;

    public FlowTable(FlowTableConfig config, FlowObserver observer) {
        this.config = config;
        this.observer = observer;
        this.tcpOpen = new ActivityList(config.tcpIdleTimeoutNanos());
        this.tcpClosing = new ActivityList(config.tcpClosingTimeoutNanos());
        this.udp = new ActivityList(config.udpIdleTimeoutNanos());
        this.lists = new ActivityList[] {tcpOpen, tcpClosing, udp};
        stats.maxFlows = config.maxFlows();
    }

    /** One decoded TCP or UDP packet; the packet object may be reused by the caller afterwards. */
    public void accept(DecodedPacket p) {
        if (p.fileIndex != currentFile) {
            endAll();
            currentFile = p.fileIndex;
            clock = p.timestampNanos;
        } else if (p.timestampNanos > clock) {
            clock = p.timestampNanos;
            expire();
        }
        stats.packets++;
        FlowEntry e = live.find(probe.set(p));
        boolean tcp = p.isTcp();
        boolean syn = tcp && p.hasFlag(DecodedPacket.TCP_SYN) && !p.hasFlag(DecodedPacket.TCP_ACK);
        if (e != null && syn && startsNewConnection(e, p)) {
            end(e, e.finSeen() ? FlowEndReason.FIN : FlowEndReason.PORT_REUSE);
            e = null;
        }
        if (e == null) {
            e = create(p);
        }
        Flow f = e.flow;
        Direction dir = isUp(e, p) ? Direction.UP : Direction.DOWN;
        if (dir == Direction.UP) {
            f.packetsUp++;
            f.bytesUp += p.payloadWireLength;
            f.frameBytesUp += p.wireLength;
        } else {
            f.packetsDown++;
            f.bytesDown += p.payloadWireLength;
            f.frameBytesDown += p.wireLength;
        }
        f.endNanos = Math.max(f.endNanos, p.timestampNanos);
        e.lastSeen = clock;
        if (tcp) {
            tcpPacket(e, p, dir);
        } else {
            e.list.moveToTail(e);
            if (p.payloadLength > 0) {
                observer.onPayload(f, dir, p.timestampNanos, p.frameNumber, p.payload, p.payloadOffset,
                        p.payloadLength, p.payloadWireLength);
            }
        }
    }

    /**
     * Moves the capture clock forward without a packet (e.g. a live source that went quiet) so idle
     * flows can end; a clock going backwards is ignored.
     */
    public void advanceClock(long nowNanos) {
        if (nowNanos > clock) {
            clock = nowNanos;
            expire();
        }
    }

    /** End of input: every live flow ends, in order of its first packet. */
    public void finish() {
        endAll();
        currentFile = -1;
    }

    public int liveFlows() {
        return live.size();
    }

    public FlowTableStats stats() {
        return stats;
    }

    private void tcpPacket(FlowEntry e, DecodedPacket p, Direction dir) {
        boolean up = dir == Direction.UP;
        if (p.hasFlag(DecodedPacket.TCP_SYN)) {
            if (up && !p.hasFlag(DecodedPacket.TCP_ACK) && !e.clientSynSeen) {
                e.clientSynSeen = true;
                e.clientIsn = (int) p.tcpSeq;
            }
            e.orderer(up, config).onSyn(p.tcpSeq);
        }
        if (p.hasFlag(DecodedPacket.TCP_ACK)) {
            int ack = (int) p.tcpAck;
            // this packet acknowledges the other side's FIN?
            if (up && e.finDown && ack - (e.finSeqDown + 1) >= 0) {
                e.finDownAcked = true;
            } else if (!up && e.finUp && ack - (e.finSeqUp + 1) >= 0) {
                e.finUpAcked = true;
            }
        }
        if (p.payloadWireLength > 0) {
            long seq = p.tcpSeq + (p.hasFlag(DecodedPacket.TCP_SYN) ? 1 : 0);
            delivery.target(e, dir);
            e.orderer(up, config).accept(seq, p.timestampNanos, p.frameNumber, p.payload, p.payloadOffset,
                    p.payloadLength, p.payloadWireLength, delivery);
        }
        if (p.hasFlag(DecodedPacket.TCP_FIN)) {
            int finSeq = (int) p.tcpSeq + (p.hasFlag(DecodedPacket.TCP_SYN) ? 1 : 0) + p.payloadWireLength;
            if (up && !e.finUp) {
                e.finUp = true;
                e.finSeqUp = finSeq;
            } else if (!up && !e.finDown) {
                e.finDown = true;
                e.finSeqDown = finSeq;
            }
        }
        if (p.hasFlag(DecodedPacket.TCP_RST)) {
            end(e, FlowEndReason.RST);
        } else if (e.finUpAcked && e.finDownAcked) {
            end(e, FlowEndReason.FIN);
        } else if (e.finSeen() && e.list != tcpClosing) {
            e.list.remove(e);
            tcpClosing.append(e);
        } else {
            e.list.moveToTail(e);
        }
    }

    /** A SYN on a live 5-tuple is a retransmission unless the old connection closed or had another ISN. */
    private static boolean startsNewConnection(FlowEntry e, DecodedPacket p) {
        if (e.finSeen()) {
            return true;
        }
        if (e.clientSynSeen) {
            return isUp(e, p) ? e.clientIsn != (int) p.tcpSeq : false;
        }
        return true; // the live flow was picked up mid-stream: a SYN begins a different connection
    }

    private FlowEntry create(DecodedPacket p) {
        if (live.size() >= config.maxFlows()) {
            end(leastRecentlyActive(), FlowEndReason.EVICTED);
        }
        Flow f = new Flow();
        f.id = nextId++;
        f.protocol = p.protocol;
        f.ipVersion = p.ipVersion;
        f.vlan = p.vlan;
        boolean srcIsClient = FlowRoles.sourceIsClient(p);
        System.arraycopy(srcIsClient ? p.src : p.dst, 0, f.client, 0, 16);
        System.arraycopy(srcIsClient ? p.dst : p.src, 0, f.server, 0, 16);
        f.clientPort = srcIsClient ? p.srcPort : p.dstPort;
        f.serverPort = srcIsClient ? p.dstPort : p.srcPort;
        f.fileIndex = p.fileIndex;
        f.firstFrame = p.frameNumber;
        f.startNanos = p.timestampNanos;
        f.endNanos = p.timestampNanos;
        FlowEntry e = new FlowEntry(probe, f);
        if (p.isTcp()) {
            e.detector = new FlowTypeDetector();
            tcpOpen.append(e);
        } else {
            f.flowType = FlowTypeDetector.udpType(f.serverPort);
            udp.append(e);
        }
        e.lastSeen = clock;
        live.insert(e);
        stats.peakLiveFlows = Math.max(stats.peakLiveFlows, live.size());
        observer.onFlowStart(f);
        return e;
    }

    private static boolean isUp(FlowEntry e, DecodedPacket p) {
        Flow f = e.flow;
        if (p.srcPort != f.clientPort) {
            return false;
        }
        return p.addressWords ? p.srcLo == e.clientLo && p.srcHi == e.clientHi : Arrays.equals(p.src, f.client);
    }

    private void expire() {
        // the three list heads, unrolled (ties: TCP open, TCP closing, UDP, as the class comment says)
        while (true) {
            FlowEntry victim = null;
            long victimDeadline = 0;
            FlowEntry h = tcpOpen.head;
            if (h != null) {
                long deadline = h.lastSeen + tcpOpen.timeoutNanos;
                // idle strictly longer than the timeout
                if (clock - deadline > 0) {
                    victim = h;
                    victimDeadline = deadline;
                }
            }
            h = tcpClosing.head;
            if (h != null) {
                long deadline = h.lastSeen + tcpClosing.timeoutNanos;
                if (clock - deadline > 0 && (victim == null || deadline < victimDeadline)) {
                    victim = h;
                    victimDeadline = deadline;
                }
            }
            h = udp.head;
            if (h != null) {
                long deadline = h.lastSeen + udp.timeoutNanos;
                if (clock - deadline > 0 && (victim == null || deadline < victimDeadline)) {
                    victim = h;
                }
            }
            if (victim == null) {
                return;
            }
            end(victim, victim.finSeen() ? FlowEndReason.FIN : FlowEndReason.IDLE);
        }
    }

    private FlowEntry leastRecentlyActive() {
        FlowEntry best = null;
        for (ActivityList l : lists) {
            if (l.head != null && (best == null || l.head.lastSeen < best.lastSeen)) {
                best = l.head;
            }
        }
        return best;
    }

    private void endAll() {
        if (live.size() == 0) {
            return;
        }
        FlowEntry[] rest = live.toArray(new FlowEntry[live.size()]);
        Arrays.sort(rest, Comparator.comparingLong(x -> x.flow.id));
        for (FlowEntry e : rest) {
            end(e, FlowEndReason.END_OF_INPUT);
        }
    }

    private void end(FlowEntry e, FlowEndReason reason) {
        live.delete(e);
        e.list.remove(e);
        Flow f = e.flow;
        if (e.up != null) {
            delivery.target(e, Direction.UP);
            e.up.finish(delivery);
            addOrdererStats(f, e.up);
        }
        if (e.down != null) {
            delivery.target(e, Direction.DOWN);
            e.down.finish(delivery);
            addOrdererStats(f, e.down);
        }
        if (e.detector != null) {
            e.detector.finish(f);
        }
        f.endReason = reason;
        stats.countEnded(f);
        observer.onFlowEnd(f);
    }

    private void addOrdererStats(Flow f, TcpStreamOrderer o) {
        f.retransmittedSegments += o.retransmittedSegments();
        f.sequenceGaps += o.gaps();
        stats.retransmittedSegments += o.retransmittedSegments();
        stats.retransmittedBytes += o.retransmittedBytes();
        stats.overlapBytesTrimmed += o.overlapBytesTrimmed();
        stats.sequenceGaps += o.gaps();
        stats.gapBytes += o.gapBytes();
    }

    /** Routes ordered TCP payload to the type detector, then the observer; one instance, retargeted. */
    private final class Delivery implements TcpStreamOrderer.Sink {
        private FlowEntry entry;
        private Direction dir;

        void target(FlowEntry e, Direction d) {
            // stores only on change: each reference store is a GC write-barrier call on C1
            if (entry != e) {
                entry = e;
            }
            if (dir != d) {
                dir = d;
            }
        }

        @Override
        public void deliver(long ts, long frame, byte[] data, int off, int len, int wireLen) {
            Flow f = entry.flow;
            if (entry.detector != null && !entry.detector.decided()) {
                entry.detector.onPayload(f, dir, data, off, len, wireLen);
            }
            observer.onPayload(f, dir, ts, frame, data, off, len, wireLen);
        }
    }

    /** Per-flow state the table keeps beside the public {@link Flow}. */
    private static final class FlowEntry extends LiveFlows.Entry {
        final Flow flow;
        /** {@link Flow#client} as words, to compare with the decoder's {@link DecodedPacket#srcHi}/{@code srcLo}. */
        final long clientHi;
        final long clientLo;
        ActivityList list;
        FlowEntry prev;
        FlowEntry next;
        long lastSeen;

        FlowTypeDetector detector;
        TcpStreamOrderer up;
        TcpStreamOrderer down;
        boolean clientSynSeen;
        int clientIsn;
        boolean finUp;
        boolean finDown;
        int finSeqUp;
        int finSeqDown;
        boolean finUpAcked;
        boolean finDownAcked;

        FlowEntry(FlowKey k, Flow flow) {
            super(k);
            this.flow = flow;
            this.clientHi = FlowKey.readLong(flow.client, 0);
            this.clientLo = FlowKey.readLong(flow.client, 8);
        }

        boolean finSeen() {
            return finUp || finDown;
        }

        TcpStreamOrderer orderer(boolean upDir, FlowTableConfig c) {
            if (upDir) {
                if (up == null) {
                    up = new TcpStreamOrderer(c.maxBufferedBytes(), c.maxBufferedSegments());
                }
                return up;
            }
            if (down == null) {
                down = new TcpStreamOrderer(c.maxBufferedBytes(), c.maxBufferedSegments());
            }
            return down;
        }
    }

    /**
     * Intrusive list in order of last activity (least recent first). All its flows share one timeout,
     * so the head is always the next to expire and expiry costs nothing while no flow is due.
     */
    private static final class ActivityList {
        final long timeoutNanos;
        FlowEntry head;
        FlowEntry tail;

        ActivityList(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        void append(FlowEntry e) {
            e.list = this;
            e.prev = tail;
            e.next = null;
            if (tail == null) {
                head = e;
            } else {
                tail.next = e;
            }
            tail = e;
        }

        void remove(FlowEntry e) {
            if (e.prev == null) {
                head = e.next;
            } else {
                e.prev.next = e.next;
            }
            if (e.next == null) {
                tail = e.prev;
            } else {
                e.next.prev = e.prev;
            }
            e.prev = null;
            e.next = null;
        }

        /** The per-packet relink, written out: five reference stores where remove + append made nine. */
        void moveToTail(FlowEntry e) {
            FlowEntry t = tail;
            if (t == e) {
                return;
            }
            FlowEntry p = e.prev;
            FlowEntry n = e.next; // not null: e is not the tail
            if (p == null) {
                head = n;
            } else {
                p.next = n;
            }
            n.prev = p;
            e.prev = t;
            e.next = null;
            t.next = e;
            tail = e;
        }
    }
}
