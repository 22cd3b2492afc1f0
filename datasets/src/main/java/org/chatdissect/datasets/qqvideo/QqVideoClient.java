package org.chatdissect.datasets.qqvideo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.TcpConnection;
import org.chatdissect.datasets.net.UdpChannel;
import org.chatdissect.datasets.qq.Oicq;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.Dns;
import org.chatdissect.datasets.sim.SimContext;

/**
 * QQ video call (seed 000). The client logs in to the QQ server over OICQ/UDP 8000 (as QQ IM does) and keeps
 * alive every 60 s. A call is set up through that server with encrypted OICQ messages (the invite rides on
 * send-IM 0x0016, the peer's answer arrives as receive-IM 0x0017 and is acknowledged with the same sequence),
 * then VP8 video flows directly between the peers: over UDP with the 0x05 or the 0x04 command part (one of
 * the two per call), or over TCP when the peer is in the same LAN. Hang-up goes through the server again.
 * Media is emitted one second per scheduler event.
 */
public final class QqVideoClient implements AppSession {
    public static final String APP = "qqvideo";
    /** The login and call set-up channel is QQ IM's own OICQ protocol to QQ's servers, so truth calls it QQ. */
    static final String IM_APP = "qq";
    public static final String SERVICE = "video call";
    private static final String[] SERVERS = {"sz.tencent.com", "sz2.tencent.com", "sz3.tencent.com", "sz4.tencent.com"};
    private static final List<String> TASKS = List.of("video_call", "answer_video_call");
    private static final long KEEP_ALIVE = 60_000_000L;

    private final SimContext ctx;
    private final Device dev;
    private final SplittableRandom rnd;
    /** The account logged in; a relaunch may log in another account, as testers with several accounts do. */
    private long qq;
    private int started;
    private final double minCall;
    private final double maxCall;
    private final int tcpPercent;
    private final List<FieldSpec> oicqFields = Oicq.fields(false);
    private UdpChannel server;
    private int seq;
    private int serverSeq;
    private boolean online;
    private int generation;

    /**
     * @param minCall shortest call in seconds; {@code maxCall} longest
     * @param tcpPercent share of calls whose peer is in the same LAN (media over TCP)
     */
    public QqVideoClient(SimContext ctx, Device dev, double minCall, double maxCall, int tcpPercent) {
        this.ctx = ctx;
        this.dev = dev;
        this.rnd = dev.rnd();
        this.qq = Oicq.newAccount(rnd);
        this.minCall = minCall;
        this.maxCall = maxCall;
        this.tcpPercent = tcpPercent;
        this.seq = rnd.nextInt(65536);
        this.serverSeq = rnd.nextInt(65536);
    }

    @Override
    public List<String> userTasks() {
        return TASKS;
    }

    @Override
    public long start(long t) {
        if (started++ > 0) {
            qq = Oicq.newAccount(rnd);
        }
        String name = SERVERS[rnd.nextInt(SERVERS.length)];
        t = Dns.lookup(ctx, dev, name, t, IM_APP, "system", "dns");
        Host srv = ctx.servers.host(name, dev.host().v6());
        int cport = 4000 + rnd.nextInt(10);
        FlowTag flow = new FlowTag(dev.host(), cport, srv, 8000, "udp", IM_APP, "system", "UDP", name);
        server = new UdpChannel(ctx.wire, dev.host(), cport, srv, 8000, flow, rnd.nextInt());
        t = exchange(Oicq.REQUEST_TOKEN, "system", "login", 20, 40, t, "user");
        t = exchange(Oicq.LOGIN, "system", "login", 330, 120, t, "user");
        t = exchange(Oicq.GET_FRIENDS_ONLINE, "system", "sync", 12, 100 + rnd.nextInt(400), t + 5_000, "triggered");
        online = true;
        int gen = ++generation;
        keepAlive(t, gen);
        return t;
    }

    private void keepAlive(long after, int gen) {
        ctx.scheduler.at(after + KEEP_ALIVE + rnd.nextInt(1_000_000), () -> {
            if (online && gen == generation) {
                keepAlive(exchange(Oicq.KEEP_ALIVE, "system", "keep_alive", 10, 30, ctx.scheduler.now(), "periodic"), gen);
            }
        });
    }

    @Override
    public long[] run(String task, long t) {
        if (!online) {
            t = start(t);
        }
        boolean caller = switch (task) {
            case "video_call" -> true;
            case "answer_video_call" -> false;
            default -> throw new IllegalArgumentException("no QQ video task " + task);
        };
        long start = t;
        // call set-up through the server: invite, ringing, answer (each acknowledged)
        if (caller) {
            t = exchange(Oicq.SEND_IM, SERVICE, "call_setup", 160 + rnd.nextInt(80), 16, t, "user");
            t = push(SERVICE, "call_setup", 200 + rnd.nextInt(100), t + 1_500_000 + rnd.nextInt(3_000_000), "user");
        } else {
            t = push(SERVICE, "call_setup", 160 + rnd.nextInt(80), t, "user");
            t = exchange(Oicq.SEND_IM, SERVICE, "call_setup", 200 + rnd.nextInt(100), 16, t + 1_000_000 + rnd.nextInt(2_000_000), "user");
        }
        Media m = new Media(caller, t + 100_000 + rnd.nextInt(200_000));
        long end = m.start + (long) ((minCall + rnd.nextDouble() * (maxCall - minCall)) * 1_000_000);
        ctx.scheduler.at(m.start, () -> second(m, m.start, end));
        long hang = end + 50_000;
        // the side that hangs up tells the server, which relays it to the peer
        t = exchange(Oicq.SEND_IM, SERVICE, "hang_up", 40, 16, hang, "user");
        if (m.tcp != null) {
            t = Math.max(t, m.closeAt(end + 10_000));
        }
        return new long[] {start, t};
    }

    @Override
    public long stop(long t) {
        if (!online) {
            return t;
        }
        online = false;
        for (int i = 0; i < 4; i++) {
            t = send(true, Oicq.LOGOUT, seq, 16, t + 2_000, "system", "logout", "user");
        }
        seq++;
        return t;
    }

    private long exchange(int cmd, String service, String task, int reqPlain, int respPlain, long t, String kind) {
        int s = seq++ & 0xffff;
        t = send(true, cmd, s, reqPlain, t, service, task, kind);
        return send(false, cmd, s, respPlain, t + 15_000 + rnd.nextInt(60_000), service, task, kind);
    }

    /** The server relays the peer's message (receive-IM); the client acknowledges with the same sequence. */
    private long push(String service, String task, int plain, long t, String kind) {
        int s = serverSeq++ & 0xffff;
        t = send(false, Oicq.RECV_IM, s, plain, t, service, task, kind);
        return send(true, Oicq.RECV_IM, s, 16, t + 10_000 + rnd.nextInt(30_000), service, task, kind);
    }

    private long send(boolean up, int cmd, int s, int plain, long t, String service, String task, String kind) {
        byte[] p = Oicq.packet(rnd, false, QqVideoCodec.VERSION, cmd, s, qq, plain);
        server.send(t, up, p, new MessageTag(server.flow(), IM_APP, service, task, String.format("0x%04x", cmd), up, p.length,
                kind, oicqFields));
        return t + 1_000;
    }

    /** Emits one second of both video directions and schedules the next. */
    private void second(Media m, long from, long end) {
        long to = Math.min(end, from + 1_000_000L);
        List<long[]> order = new ArrayList<>();
        List<byte[]> packets = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            Dir dir = m.dirs[d];
            while (dir.next < to) {
                boolean key = dir.frames++ % (dir.fps * 3) == 0;
                int size = key ? 5_000 + rnd.nextInt(3_000) : 900 + rnd.nextInt(2_200);
                long ts = dir.next;
                for (byte[] p : dir.codec.frame(size, key)) {
                    order.add(new long[] {ts, d, packets.size()});
                    packets.add(p);
                    ts += 250 + rnd.nextInt(500);
                }
                dir.next += 1_000_000L / dir.fps + rnd.nextInt(4_000) - 2_000;
            }
        }
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
        for (long[] o : order) {
            m.send(o[0], o[1] == 0, packets.get((int) o[2]));
        }
        if (to < end) {
            ctx.scheduler.at(to, () -> second(m, to, end));
        }
    }

    private static final class Dir {
        final QqVideoCodec codec;
        final int fps;
        long next;
        int frames;

        Dir(QqVideoCodec codec, int fps, long next) {
            this.codec = codec;
            this.fps = fps;
            this.next = next;
        }
    }

    /** The peer-to-peer media channel of one call. dirs[0] is what the device sends. */
    private final class Media {
        final boolean caller;
        final long start;
        final Dir[] dirs = new Dir[2];
        final UdpChannel udp;
        final TcpConnection tcp;
        final FlowTag flow;

        Media(boolean caller, long t) {
            this.caller = caller;
            boolean lan = rnd.nextInt(100) < tcpPercent;
            QqVideoCodec.Mode mode = lan ? QqVideoCodec.Mode.TCP
                    : rnd.nextBoolean() ? QqVideoCodec.Mode.UDP05 : QqVideoCodec.Mode.UDP04;
            boolean v6 = dev.host().v6();
            Host peer = lan ? ctx.addresses.client(v6, dev.host().vlan())
                    : ctx.addresses.server("qq-peer", 113, 96 + rnd.nextInt(32), v6);
            long peerQq = Oicq.newAccount(rnd);
            int fpsMe = 15 + rnd.nextInt(11);
            int fpsPeer = 15 + rnd.nextInt(11);
            dirs[0] = new Dir(new QqVideoCodec(mode, rnd, qq, fpsMe), fpsMe, t + (caller ? 0 : 30_000));
            dirs[1] = new Dir(new QqVideoCodec(mode, rnd, peerQq, fpsPeer), fpsPeer, t + (caller ? 30_000 : 0));
            int devPort = lan ? dev.ephemeralPort() : 10_000 + rnd.nextInt(50_000);
            int peerPort = 10_000 + rnd.nextInt(50_000);
            String type = lan ? "TCP" : "UDP";
            String transport = lan ? "tcp" : "udp";
            // the caller opens the media channel, so it is the flow's client
            Host client = caller ? dev.host() : peer;
            Host srv = caller ? peer : dev.host();
            int cport = caller ? devPort : peerPort;
            int sport = caller ? peerPort : devPort;
            flow = new FlowTag(client, cport, srv, sport, transport, APP, SERVICE, type, null);
            long s = t;
            if (lan) {
                udp = null;
                tcp = new TcpConnection(ctx.wire, client, cport, srv, sport, flow, rnd, ctx.mss, 150 + rnd.nextInt(200),
                        150 + rnd.nextInt(200), 12_500_000);
                s = tcp.open(t - 2_000);
            } else {
                udp = new UdpChannel(ctx.wire, client, cport, srv, sport, flow, rnd.nextInt());
                tcp = null;
            }
            this.start = s;
        }

        void send(long ts, boolean fromDevice, byte[] p) {
            boolean up = fromDevice == caller;
            QqVideoCodec codec = dirs[fromDevice ? 0 : 1].codec;
            MessageTag tag = new MessageTag(flow, APP, SERVICE, "video", null, up, p.length, "user", codec.fields());
            if (tcp != null) {
                tcp.send(ts, up, Payload.exact(p), tag);
            } else {
                udp.send(ts, up, p, tag);
            }
        }

        long closeAt(long t) {
            // closed after the last media second has been emitted
            long[] done = {t};
            ctx.scheduler.at(t, () -> tcp.close(Math.max(ctx.scheduler.now(), tcp.busyUntil()), caller));
            return done[0] + 2_000;
        }
    }
}
