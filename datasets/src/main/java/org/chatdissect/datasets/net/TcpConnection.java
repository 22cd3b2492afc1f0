package org.chatdissect.datasets.net;

import java.util.SplittableRandom;

/**
 * One TCP connection as seen at a tap between client and server: handshake, MSS segmentation, cumulative
 * ACKs (every second segment and at the end of a burst), FIN or RST closing. Sends on one connection never
 * overlap in time: a send starts when the previous exchange has been acknowledged, which keeps sequence
 * numbers increasing in capture order.
 */
public final class TcpConnection {
    private static final int WINDOW = 64240;
    private final Wire wire;
    private final Host client;
    private final int cport;
    private final Host server;
    private final int sport;
    private final FlowTag flow;
    private final SplittableRandom rnd;
    private final int mss;
    private final long clientLeg;
    private final long serverLeg;
    private final long bytesPerSecond;
    private long cSeq;
    private long sSeq;
    private int ipIdUp;
    private int ipIdDown;
    private long busy;
    private boolean open;

    /**
     * @param clientLeg one-way delay tap to client (µs); {@code serverLeg} tap to server; {@code bytesPerSecond}
     *                  the rate at which a burst's segments pass the tap
     */
    public TcpConnection(Wire wire, Host client, int cport, Host server, int sport, FlowTag flow, SplittableRandom rnd,
                         int mss, long clientLeg, long serverLeg, long bytesPerSecond) {
        this.wire = wire;
        this.client = client;
        this.cport = cport;
        this.server = server;
        this.sport = sport;
        this.flow = flow;
        this.rnd = rnd;
        this.mss = client.v6() ? mss - 20 : mss;
        this.clientLeg = clientLeg;
        this.serverLeg = serverLeg;
        this.bytesPerSecond = bytesPerSecond;
        this.cSeq = rnd.nextLong() & 0xffffffffL;
        this.sSeq = rnd.nextLong() & 0xffffffffL;
        this.ipIdUp = rnd.nextInt(65536);
        this.ipIdDown = rnd.nextInt(65536);
    }

    public FlowTag flow() {
        return flow;
    }

    public boolean isOpen() {
        return open;
    }

    /** Time at which the connection is idle again. */
    public long busyUntil() {
        return busy;
    }

    public long open(long t) {
        t = Math.max(t, busy);
        byte[] opts = {2, 4, (byte) (mss >>> 8), (byte) mss, 1, 1, 4, 2};
        emit(t, true, cSeq, 0, Frames.SYN, opts, null, 0, 0, null);
        cSeq++;
        long t2 = t + 2 * serverLeg;
        emit(t2, false, sSeq, cSeq, Frames.SYN | Frames.ACK, opts, null, 0, 0, null);
        sSeq++;
        long t3 = t2 + 2 * clientLeg;
        emit(t3, true, cSeq, sSeq, Frames.ACK, null, null, 0, 0, null);
        open = true;
        busy = t3;
        return t3;
    }

    /**
     * Sends one message in one direction, segment by segment; {@code msg} rides on the first segment.
     * Returns the time the last acknowledgement passes the tap.
     */
    public long send(long t, boolean up, Payload p, MessageTag msg) {
        t = Math.max(t, busy);
        Impairments imp = wire.impairments();
        long len = p.length();
        long ackDelay = 2 * (up ? serverLeg : clientLeg);
        long base = up ? cSeq : sSeq;
        long other = up ? sSeq : cSeq;
        long off = 0;
        long ts = t;
        long lastTs = t;
        int segs = 0;
        long lostAt = -1;
        long lostLen = 0;
        byte[] lostFrame = null;
        boolean coalesceOk = !up && imp.coalesce() > 0;
        while (off < len) {
            int plen = (int) Math.min(mss, len - off);
            if (coalesceOk && len - off >= 2L * mss && rnd.nextDouble() < imp.coalesce()) {
                plen = 2 * mss;
            }
            long segTs = ts;
            if (imp.reorder() > 0 && off + plen < len && rnd.nextDouble() < imp.reorder()) {
                segTs = ts + (long) plen * 1_000_000L / bytesPerSecond + 1; // goes after its successor
            }
            int flags = Frames.ACK | (off + plen >= len ? Frames.PSH : 0);
            byte[] f = emit(segTs, up, (base + off) & 0xffffffffL, other, flags, null, p, off, plen, off == 0 ? msg : null);
            lastTs = Math.max(lastTs, segTs);
            if (lostAt < 0 && imp.loss() > 0 && rnd.nextDouble() < imp.loss()) {
                lostAt = off;
                lostLen = plen;
                lostFrame = f;
            }
            off += plen;
            segs++;
            if (segs % 2 == 0 || off >= len) {
                long acked = lostAt >= 0 ? base + lostAt : base + off;
                emit(ts + ackDelay + 1, !up, other, acked & 0xffffffffL, Frames.ACK, null, null, 0, 0, null);
            }
            ts += Math.max(20, (long) plen * 1_000_000L / bytesPerSecond);
        }
        long end = Math.max(lastTs, ts) + ackDelay + 2;
        if (lostAt >= 0) {
            // fast retransmit once the duplicate ACKs reach the sender, then the cumulative ACK
            long rt = end + 2 * (up ? clientLeg : serverLeg);
            retransmit(rt, up, lostFrame, (base + lostAt) & 0xffffffffL, other, (int) lostLen);
            end = rt + ackDelay;
            emit(end, !up, other, (base + len) & 0xffffffffL, Frames.ACK, null, null, 0, 0, null);
            end += 1;
        }
        if (up) {
            cSeq = (cSeq + len) & 0xffffffffL;
        } else {
            sSeq = (sSeq + len) & 0xffffffffL;
        }
        busy = end;
        return end;
    }

    /** Orderly close: {@code clientFirst} side sends FIN, the other answers FIN/ACK, then the last ACK. */
    public long close(long t, boolean clientFirst) {
        t = Math.max(t, busy);
        boolean a = clientFirst;
        long aDelay = 2 * (a ? serverLeg : clientLeg);
        long bDelay = 2 * (a ? clientLeg : serverLeg);
        emit(t, a, seqOf(a), seqOf(!a), Frames.FIN | Frames.ACK, null, null, 0, 0, null);
        advance(a, 1);
        long t2 = t + aDelay;
        emit(t2, !a, seqOf(!a), seqOf(a), Frames.FIN | Frames.ACK, null, null, 0, 0, null);
        advance(!a, 1);
        long t3 = t2 + bDelay;
        emit(t3, a, seqOf(a), seqOf(!a), Frames.ACK, null, null, 0, 0, null);
        open = false;
        busy = t3;
        return t3;
    }

    /** Abortive close, as apps do when a connection is dropped on network change or timeout. */
    public long reset(long t, boolean fromClient) {
        t = Math.max(t, busy);
        emit(t, fromClient, seqOf(fromClient), seqOf(!fromClient), Frames.RST | Frames.ACK, null, null, 0, 0, null);
        open = false;
        busy = t;
        return t;
    }

    private long seqOf(boolean up) {
        return up ? cSeq : sSeq;
    }

    private void advance(boolean up, long n) {
        if (up) {
            cSeq = (cSeq + n) & 0xffffffffL;
        } else {
            sSeq = (sSeq + n) & 0xffffffffL;
        }
    }

    private byte[] emit(long ts, boolean up, long seq, long ack, int flags, byte[] opts, Payload p, long pOff, int plen,
                        MessageTag msg) {
        int vlan = client.vlan();
        byte[] f = up
                ? Frames.tcp(client, cport, server, sport, seq, ack, flags, WINDOW, opts, p, pOff, plen, ipIdUp++ & 0xffff, 64, vlan)
                : Frames.tcp(server, sport, client, cport, seq, ack, flags, WINDOW, opts, p, pOff, plen, ipIdDown++ & 0xffff, 52, vlan);
        wire.emit(ts, f, flow, msg);
        return f;
    }

    /** A retransmission carries exactly the bytes of the lost segment. */
    private void retransmit(long ts, boolean up, byte[] lost, long seq, long ack, int plen) {
        byte[] body = new byte[plen];
        System.arraycopy(lost, lost.length - plen, body, 0, plen);
        emit(ts, up, seq, ack, Frames.ACK | Frames.PSH, null, Payload.exact(body), 0, plen, null);
    }
}
