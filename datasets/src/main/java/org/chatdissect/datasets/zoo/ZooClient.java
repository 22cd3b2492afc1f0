package org.chatdissect.datasets.zoo;

import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.TcpConnection;
import org.chatdissect.datasets.net.UdpChannel;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;

/**
 * One device speaking a zoo protocol: at start a login exchange, then a sync 100-300 ms later (triggered by the
 * login), a heartbeat exchange every period (with a jitter of up to 2%), each user task one exchange, a logout at
 * stop. One flow per session, to a server of the protocol; the session id is new per flow, the user id fixed per
 * device.
 */
public final class ZooClient implements AppSession {
    public static final String APP = "zoo";

    private final SimContext ctx;
    private final Device dev;
    private final ZooProtocol proto;
    private final SplittableRandom rnd;
    private final long user;
    private final int version;
    private final List<MessageTag.FieldSpec> fields;
    private long session;
    private long seq;
    private FlowTag flow;
    private UdpChannel udp;
    private TcpConnection conn;
    private boolean online;
    private int generation;

    public ZooClient(SimContext ctx, Device dev, ZooProtocol proto) {
        this(ctx, dev, proto, 0);
    }

    /** A device running client version {@code version} of the protocol ({@link ZooProtocol#versionValue}). */
    public ZooClient(SimContext ctx, Device dev, ZooProtocol proto, int version) {
        this.version = version;
        this.ctx = ctx;
        this.dev = dev;
        this.proto = proto;
        this.rnd = dev.rnd();
        this.user = rnd.nextLong() >>> 32;
        this.fields = proto.truthFields();
        this.seq = rnd.nextInt(1 << 16);
    }

    @Override
    public List<String> userTasks() {
        return proto.tasks;
    }

    @Override
    public long start(long t) {
        Host server = ctx.servers.host("zoo" + proto.seed + "-" + rnd.nextInt(3) + ".example.net", false);
        int cport = proto.tcp ? dev.ephemeralPort() : 20000 + rnd.nextInt(40000);
        flow = new FlowTag(dev.host(), cport, server, proto.port, proto.tcp ? "tcp" : "udp", APP, "zoo",
                proto.tcp ? "TCP" : "UDP", null);
        session = rnd.nextLong() >>> 32;
        if (proto.tcp) {
            conn = new TcpConnection(ctx.wire, dev.host(), cport, server, proto.port, flow, rnd, ctx.mss,
                    20_000 + rnd.nextInt(30_000), 8_000 + rnd.nextInt(20_000), 1_000_000);
            t = conn.open(t);
        } else {
            udp = new UdpChannel(ctx.wire, dev.host(), cport, server, proto.port, flow, rnd.nextInt());
        }
        t = exchange(ZooProtocol.LOGIN, t, "user");
        t = exchange(ZooProtocol.SYNC, t + 100_000 + rnd.nextInt(200_000), "triggered");
        online = true;
        int gen = ++generation;
        heartbeat(t, gen);
        return t;
    }

    private void heartbeat(long after, int gen) {
        long jitter = proto.heartbeatMicros / 50;
        ctx.scheduler.at(after + proto.heartbeatMicros - jitter + rnd.nextLong(2 * jitter + 1), () -> {
            if (online && gen == generation) {
                long end = exchange(ZooProtocol.HEARTBEAT, ctx.scheduler.now(), "periodic");
                heartbeat(end, gen);
            }
        });
    }

    @Override
    public long[] run(String task, long t) {
        if (!online) {
            t = start(t);
        }
        if (conn != null) {
            t = Math.max(t, conn.busyUntil());
        }
        return new long[] {t, exchange(task, t, "user")};
    }

    @Override
    public long stop(long t) {
        if (!online) {
            return t;
        }
        online = false;
        t = exchange(ZooProtocol.LOGOUT, t, "user");
        return conn != null && conn.isOpen() ? conn.close(t, true) : t;
    }

    /** A request and its response; bodies of random length, the response's up to four times longer. */
    private long exchange(String task, long t, String kind) {
        long s = seq++;
        t = send(true, task, s, 4 + rnd.nextInt(120), t, kind);
        return send(false, task, s, 4 + rnd.nextInt(480), t + 10_000 + rnd.nextInt(60_000), kind);
    }

    private long send(boolean up, String task, long s, int body, long t, String kind) {
        if (conn != null) {
            t = Math.max(t, conn.busyUntil());
        }
        byte[] m = proto.message(up, task, s, session, user, body, rnd, version);
        MessageTag tag = new MessageTag(flow, APP, "zoo", task, "0x" + proto.opcodeHex(task), up, m.length, kind, fields);
        if (conn != null) {
            return conn.send(t, up, Payload.exact(m), tag);
        }
        udp.send(t, up, m, tag);
        return t + 1_000;
    }
}
