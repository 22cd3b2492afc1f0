package org.chatdissect.datasets.wechat;

import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.Rand;
import org.chatdissect.datasets.net.TcpConnection;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.Dns;
import org.chatdissect.datasets.sim.Http;
import org.chatdissect.datasets.sim.SimContext;

/**
 * The WeChat client state machine on one device: a persistent W-TCP flow to a long server carrying tasks,
 * heartbeats every 300 s and pushes; W-HTTP short connections; W-UDP chats via {@link WeChatVoipCall}.
 * An Android-like client runs opcode tasks over W-TCP; an iPhone-like client posts the same tasks to the
 * short servers (the paper's observation that platforms pick different flow types for one task).
 */
public final class WeChatClient {
    public static final String APP = "wechat";
    static final String LONG_HOST = "long.weixin.qq.com";
    private static final String[] SHORT_HOSTS = {"short.weixin.qq.com", "hkshort.weixin.qq.com", "shshort.weixin.qq.com", "szshort.weixin.qq.com"};
    private static final long HEARTBEAT = 300_000_000L;

    final SimContext ctx;
    final Device dev;
    final SplittableRandom rnd;
    private final WeChatLongServer server;
    private final boolean httpPlatform;
    private final String shortHost;
    private final int longPort;
    private TcpConnection longConn;
    private long taskSeq;
    private boolean online;
    private int generation;

    public WeChatClient(SimContext ctx, Device dev, boolean httpPlatform) {
        this.ctx = ctx;
        this.dev = dev;
        this.rnd = dev.rnd();
        this.server = new WeChatLongServer(rnd.split());
        this.httpPlatform = httpPlatform;
        this.shortHost = SHORT_HOSTS[rnd.nextInt(SHORT_HOSTS.length)];
        int p = rnd.nextInt(10);
        // not 80: Wireshark would parse the binary stream as HTTP and report it malformed
        this.longPort = p < 7 ? 8080 : 443;
    }

    public boolean online() {
        return online;
    }

    /** Logs in: resolve, connect, authenticate, then the triggered news query, sync and config fetch. */
    public long connect(long t) {
        t = Dns.lookup(ctx, dev, LONG_HOST, t, APP, WeChatCatalog.SYSTEM, "dns");
        Host srv = ctx.servers.host(LONG_HOST, dev.host().v6());
        int cport = dev.ephemeralPort();
        FlowTag flow = new FlowTag(dev.host(), cport, srv, longPort, "tcp", APP, WeChatCatalog.SYSTEM, "TCP", LONG_HOST);
        longConn = new TcpConnection(ctx.wire, dev.host(), cport, srv, longPort, flow, rnd, ctx.mss,
                20_000 + rnd.nextInt(40_000), 5_000 + rnd.nextInt(15_000), 2_000_000);
        // sequence numbers start anywhere so all four bytes vary across flows, but far from wrapping
        taskSeq = rnd.nextLong(0xF000_0000L);
        t = longConn.open(t);
        online = true;
        int gen = ++generation;
        t = tcpTask(WeChatCatalog.byName("connect"), t, "triggered");
        t = tcpTask(WeChatCatalog.byName("query_news"), t + 20_000 + rnd.nextInt(200_000), "triggered");
        t = tcpTask(WeChatCatalog.byName("sync"), t + 10_000 + rnd.nextInt(300_000), "triggered");
        if (rnd.nextBoolean()) {
            t = tcpTask(WeChatCatalog.byName("get_config"), t + 10_000 + rnd.nextInt(300_000), "triggered");
        }
        scheduleHeartbeat(t, gen);
        schedulePush(t, gen);
        return t;
    }

    private void scheduleHeartbeat(long after, int gen) {
        long at = after + HEARTBEAT + rnd.nextLong(-2_000_000L, 2_000_000L);
        ctx.scheduler.at(at, () -> {
            if (online && gen == generation) {
                long end = tcpTask(WeChatCatalog.byName("heartbeat"), ctx.scheduler.now(), "periodic");
                scheduleHeartbeat(end, gen);
            }
        });
    }

    private void schedulePush(long after, int gen) {
        ctx.scheduler.at(after + server.nextPushGap(), () -> {
            if (online && gen == generation) {
                long end = push(ctx.scheduler.now());
                schedulePush(end, gen);
            }
        });
    }

    /** Ends the session: the client closes the long flow (FIN, or RST as when a radio link drops). */
    public long disconnect(long t) {
        if (!online) {
            return t;
        }
        online = false;
        return rnd.nextInt(5) == 0 ? longConn.reset(t, true) : longConn.close(t, true);
    }

    /** Runs one user task; returns {start, end} in µs of the task's own traffic. */
    public long[] run(WeChatTask task, long t) {
        if (task.channel() == WeChatTask.Channel.TCP && longConn != null) {
            t = Math.max(t, longConn.busyUntil());
        }
        long start = t;
        long end;
        switch (task.channel()) {
            case TCP -> {
                end = httpPlatform && task.cgi() != null ? post(task, t, "user") : tcpTask(task, t, "user");
                if (task.name().startsWith("receive_") && rnd.nextInt(3) == 0) {
                    // read receipts: the Sherlock-style trigger the trainer looks for (< 1 s later)
                    tcpTask(WeChatCatalog.byName("report"), end + 50_000 + rnd.nextInt(600_000), "triggered");
                }
            }
            case HTTP_POST -> end = post(task, t, "user");
            case HTTP_SUPPORT -> end = Http.exchange(ctx, dev, "POST", "support.weixin.qq.com", 80,
                    "/cgi-bin/mmsupport-bin/" + task.cgi() + "?uin=" + (100000 + rnd.nextInt(900000)),
                    new String[] {"Accept: */*", "User-Agent: MicroMessenger Client"},
                    Rand.around(rnd, task.requestMean(), 64), Rand.around(rnd, task.responseMean(), 1000), t,
                    labels(task, "user"));
            case HTTP_GET_SNS -> {
                end = t;
                int n = 2 + rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    end = get(task, "mmsns.qpic.cn", "/mmsns/" + hex(24) + "/0", end + (i == 0 ? 0 : 20_000));
                }
            }
            case HTTP_GET_HEAD -> {
                end = t;
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    end = get(task, "wx.qlogo.cn", "/mmhead/ver_1/" + hex(32) + "/132", end + (i == 0 ? 0 : 15_000));
                }
            }
            case HTTP_GET_WX -> end = get(task, "wx.qq.com", "/cgi-bin/mmwebwx-bin/webwxgetmsgimg?MsgID=" + rnd.nextLong(1L << 40), t);
            case VOIP -> end = new WeChatVoipCall(this, task).run(t);
            default -> throw new IllegalStateException(task.channel().toString());
        }
        return new long[] {start, end};
    }

    /**
     * The home region's short server, and now and then another region's: WeChat's DNS spreads clients over
     * regional clusters (the paper saw both hkshort and shshort), which is what makes LCS find
     * {@code short.weixin.qq.com}.
     */
    private String shortHostForRequest() {
        return rnd.nextInt(5) == 0 ? SHORT_HOSTS[rnd.nextInt(SHORT_HOSTS.length)] : shortHost;
    }

    private Http.Labels labels(WeChatTask task, String kind) {
        return new Http.Labels(APP, task.service(), task.name(), kind);
    }

    long post(WeChatTask task, long t, String kind) {
        return Http.exchange(ctx, dev, "POST", shortHostForRequest(), 80, "/cgi-bin/micromsg-bin/" + task.cgi(),
                new String[] {"Accept: */*", "User-Agent: MicroMessenger Client", "Cache-Control: no-cache"},
                Rand.around(rnd, task.requestMean() * 1.3, 64), Rand.around(rnd, task.responseMean() * 1.4, 64), t,
                labels(task, kind));
    }

    private long get(WeChatTask task, String host, String path, long t) {
        String ref = rnd.nextBoolean() ? "Referer: http://weixin.qq.com/" : "Referer: https://servicewechat.com/wechat/";
        return Http.exchange(ctx, dev, "GET", host, 80, path,
                new String[] {"Accept: */*", "User-Agent: MicroMessenger Client", ref}, 0,
                Rand.around(rnd, task.responseMean(), 500), t, labels(task, "user"));
    }

    private String hex(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** A request/response on the long flow; both halves share the flow's next task sequence number. */
    long tcpTask(WeChatTask task, long t, String kind) {
        long seq = taskSeq++;
        long reqLen = server.requestLength(task);
        t = sendMessage(t, true, task, true, seq, reqLen, kind);
        long respLen = server.responseLength(task);
        return sendMessage(t + server.thinkMicros(), false, task, false, seq, respLen, kind);
    }

    /** A server-originated request (news push): the server asks, the client answers. */
    private long push(long t) {
        WeChatTask task = WeChatCatalog.byName("push_news");
        long seq = taskSeq++;
        t = sendMessage(t, false, task, true, seq, server.requestLength(task), "push");
        return sendMessage(t + 5_000 + rnd.nextInt(40_000), true, task, false, seq, server.responseLength(task), "push");
    }

    private long sendMessage(long t, boolean up, WeChatTask task, boolean request, long seq, long len, String kind) {
        byte[] h = WeChatTcpHeader.encode(len, request, task.opcode(), seq & 0xffffffffL);
        MessageTag tag = new MessageTag(longConn.flow(), APP, task.service(), task.name(), task.opcodeHex(), up, len, kind,
                WeChatTcpHeader.FIELDS);
        return longConn.send(t, up, Payload.of(h, len, rnd), tag);
    }
}
