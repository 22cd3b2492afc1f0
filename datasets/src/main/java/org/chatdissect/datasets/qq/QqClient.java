package org.chatdissect.datasets.qq;

import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.TcpConnection;
import org.chatdissect.datasets.net.UdpChannel;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.Dns;
import org.chatdissect.datasets.sim.SimContext;

/**
 * QQ IM client state machine (seed 001): resolve the login servers, log in (the first server may defer,
 * then the client tries another), synchronise the buddy list and status, chat, keep alive every 60 s,
 * log out. Runs over UDP 8000 or over TCP 443 with the length prefix.
 */
public final class QqClient implements AppSession {
    public static final String APP = "qq";
    public static final int VERSION = 0x0f15;
    private static final String[] UDP_SERVERS = {"sz.tencent.com", "sz2.tencent.com", "sz3.tencent.com", "sz4.tencent.com"};
    private static final String[] TCP_SERVERS = {"tcpconn.tencent.com", "tcpconn2.tencent.com", "tcpconn3.tencent.com"};
    private static final List<String> TASKS = List.of("send_im", "receive_im", "get_user_info", "search_user",
            "change_status", "add_friend", "room_message");
    private static final long KEEP_ALIVE_PERIOD = 60_000_000L;

    private final SimContext ctx;
    private final Device dev;
    private final SplittableRandom rnd;
    private final boolean tcp;
    /** The account logged in; a relaunch may log in another account, as testers with several accounts do. */
    private long qq;
    private int started;
    private final List<FieldSpec> fields;
    private int seq;
    private int serverSeq;
    private UdpChannel udp;
    private TcpConnection conn;
    private FlowTag flow;
    private boolean online;
    private int generation;

    public QqClient(SimContext ctx, Device dev, boolean tcp) {
        this.ctx = ctx;
        this.dev = dev;
        this.rnd = dev.rnd();
        this.tcp = tcp;
        this.qq = Oicq.newAccount(rnd);
        this.fields = Oicq.fields(tcp);
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
        String[] names = tcp ? TCP_SERVERS : UDP_SERVERS;
        int first = rnd.nextInt(names.length);
        boolean deferred = rnd.nextInt(100) < 40;
        t = open(names[first], t);
        t = exchange(Oicq.REQUEST_TOKEN, "login", 20, 40, t, "user");
        t = exchange(Oicq.LOGIN, "login", 330, deferred ? 20 : 120, t, "user");
        if (deferred) {
            // the login server deferred us (redirect reply): try another one
            close(t);
            t = open(names[(first + 1 + rnd.nextInt(names.length - 1)) % names.length], t + 50_000);
            t = exchange(Oicq.REQUEST_TOKEN, "login", 20, 40, t, "user");
            t = exchange(Oicq.LOGIN, "login", 330, 120, t, "user");
        }
        t = exchange(Oicq.GET_LEVEL, "sync", 30, 60, t + 20_000, "triggered");
        int pages = 1 + rnd.nextInt(3);
        for (int i = 0; i < pages; i++) {
            t = exchange(Oicq.GET_FRIEND_LIST, "sync", 12, 600 + rnd.nextInt(700), t + 5_000, "triggered");
        }
        t = exchange(Oicq.GET_LIST_AND_ROOMS, "sync", 20, 300 + rnd.nextInt(500), t + 5_000, "triggered");
        t = exchange(Oicq.GET_FRIENDS_ONLINE, "sync", 12, 100 + rnd.nextInt(400), t + 5_000, "triggered");
        t = exchange(Oicq.CHANGE_STATUS, "sync", 8, 8, t + 5_000, "triggered");
        online = true;
        int gen = ++generation;
        keepAlive(t, gen);
        return t;
    }

    private void keepAlive(long after, int gen) {
        ctx.scheduler.at(after + KEEP_ALIVE_PERIOD + rnd.nextInt(1_000_000), () -> {
            if (online && gen == generation) {
                long end = exchange(Oicq.KEEP_ALIVE, "keep_alive", 10, 30, ctx.scheduler.now(), "periodic");
                keepAlive(end, gen);
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
        long start = t;
        long end = switch (task) {
            case "send_im" -> exchange(Oicq.SEND_IM, task, textBytes(), 8, t, "user");
            case "receive_im" -> {
                // the server pushes the message; the client acknowledges with the same sequence number
                int s = serverSeq++ & 0xffff;
                long t2 = send(false, Oicq.RECV_IM, s, textBytes() + 40, t, task, "user");
                yield send(true, Oicq.RECV_IM, s, 16, t2 + 20_000 + rnd.nextInt(50_000), task, "user");
            }
            case "get_user_info" -> exchange(Oicq.GET_USER_INFO, task, 12, 400 + rnd.nextInt(500), t, "user");
            case "search_user" -> exchange(Oicq.SEARCH_USER, task, 20 + rnd.nextInt(30), 200 + rnd.nextInt(1500), t, "user");
            case "change_status" -> exchange(Oicq.CHANGE_STATUS, task, 8, 8, t, "user");
            case "add_friend" -> exchange(Oicq.ADD_FRIEND, task, 24, 16, t, "user");
            case "room_message" -> exchange(Oicq.ROOM, task, textBytes() + 20, 16, t, "user");
            default -> throw new IllegalArgumentException("no QQ task " + task);
        };
        return new long[] {start, end};
    }

    /** Message plaintext size: the same text costs 1, 2 or 3 bytes per character in ASCII, GBK or UTF-8. */
    private int textBytes() {
        int chars = 2 + (int) Math.min(400, -30 * Math.log(1 - rnd.nextDouble()));
        int perChar = 1 + rnd.nextInt(3);
        return 40 + chars * perChar;
    }

    @Override
    public long stop(long t) {
        if (!online) {
            return t;
        }
        online = false;
        // libqq sends logout four times and expects no answer
        for (int i = 0; i < 4; i++) {
            t = send(true, Oicq.LOGOUT, seq, 16, t + 2_000, "logout", "user");
        }
        seq++;
        return close(t);
    }

    private long open(String name, long t) {
        t = Dns.lookup(ctx, dev, name, t, APP, "system", "dns");
        Host srv = ctx.servers.host(name, dev.host().v6());
        int port = tcp ? 443 : 8000;
        int cport = tcp ? dev.ephemeralPort() : 4000 + rnd.nextInt(10);
        flow = new FlowTag(dev.host(), cport, srv, port, tcp ? "tcp" : "udp", APP, "instant messaging", tcp ? "TCP" : "UDP", name);
        if (tcp) {
            conn = new TcpConnection(ctx.wire, dev.host(), cport, srv, port, flow, rnd, ctx.mss,
                    20_000 + rnd.nextInt(30_000), 8_000 + rnd.nextInt(20_000), 1_000_000);
            udp = null;
            return conn.open(t);
        }
        udp = new UdpChannel(ctx.wire, dev.host(), cport, srv, port, flow, rnd.nextInt());
        conn = null;
        return t;
    }

    private long close(long t) {
        if (conn != null && conn.isOpen()) {
            return conn.close(t, true);
        }
        return t;
    }

    private long exchange(int cmd, String task, int reqPlain, int respPlain, long t, String kind) {
        int s = seq++ & 0xffff;
        t = send(true, cmd, s, reqPlain, t, task, kind);
        return send(false, cmd, s, respPlain, t + 15_000 + rnd.nextInt(60_000), task, kind);
    }

    private long send(boolean up, int cmd, int s, int plain, long t, String task, String kind) {
        byte[] p = Oicq.packet(rnd, tcp, VERSION, cmd, s, qq, plain);
        MessageTag tag = new MessageTag(flow, APP, service(task), task, String.format("0x%04x", cmd), up, p.length, kind, fields);
        if (tcp) {
            return conn.send(t, up, Payload.exact(p), tag);
        }
        udp.send(t, up, p, tag);
        return t + 1_000;
    }

    @Override
    public String serviceOf(String task) {
        return service(task);
    }

    private static String service(String task) {
        return switch (task) {
            case "login", "logout", "sync", "keep_alive" -> "system";
            default -> "instant messaging";
        };
    }
}
