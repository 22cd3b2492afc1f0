package org.chatdissect.datasets.background;

import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.Rand;
import org.chatdissect.datasets.net.TcpConnection;
import org.chatdissect.datasets.net.UdpChannel;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.Dns;
import org.chatdissect.datasets.sim.Http;
import org.chatdissect.datasets.sim.SimContext;

/**
 * Non-chat traffic of one user: web pages, TLS downloads (the bulk of an operator's bytes), QUIC-like UDP,
 * other apps' encrypted TCP/UDP, and hard negatives that resemble the chat formats in one respect only.
 * Large transfers are emitted 256 KB per scheduler event to keep memory flat.
 */
public final class BackgroundUser {
    public static final String APP = "other";
    private static final String[] WEB = {"www.sina.com.cn", "news.163.com", "www.baidu.com", "m.sohu.com", "www.taobao.com", "img.alicdn.com", "v.youku.com", "www.jd.com"};
    private static final String[] TLS_HOSTS = {"www.google.com", "api.weibo.cn", "mobile.twitter.com", "vod.iqiyi.com", "dl.apple.com", "video.xiaohongshu.com", "cdn.bilibili.com", "api.taobao.com"};
    private final SimContext ctx;
    private final Device dev;
    private final SplittableRandom rnd;
    private final long until;
    private final double intensity;

    public BackgroundUser(SimContext ctx, Device dev, long until, double intensity) {
        this.ctx = ctx;
        this.dev = dev;
        this.rnd = dev.rnd();
        this.until = until;
        this.intensity = intensity;
    }

    public void schedule(long t) {
        ctx.scheduler.at(t, this::activity);
    }

    private void activity() {
        long t = ctx.scheduler.now();
        if (t >= until) {
            return;
        }
        int k = rnd.nextInt(100);
        long end;
        if (k < 30) {
            end = web(t);
        } else if (k < 60) {
            end = tls(t);
        } else if (k < 72) {
            end = quic(t);
        } else if (k < 82) {
            end = otherTcp(t);
        } else {
            end = hardNegative(t);
        }
        ctx.scheduler.at(Math.max(end, t) + Rand.micros(Rand.exp(rnd, 25.0 / intensity)), this::activity);
    }

    private long web(long t) {
        String host = WEB[rnd.nextInt(WEB.length)];
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            t = Http.exchange(ctx, dev, "GET", host, 80, "/" + Long.toString(rnd.nextLong(1L << 40), 36) + ".html",
                    new String[] {"User-Agent: Mozilla/5.0 (Linux; Android 4.4.2) AppleWebKit/537.36", "Accept: */*"},
                    0, Rand.around(rnd, 40_000, 300), t, new org.chatdissect.datasets.sim.Http.Labels(APP, "web", "web", "user"));
        }
        return t;
    }

    private TcpConnection connect(String name, int port, String flowType, long t) {
        Host srv = ctx.servers.host(name, dev.host().v6());
        int cport = dev.ephemeralPort();
        FlowTag flow = new FlowTag(dev.host(), cport, srv, port, "tcp", APP, flowType.equals("TLS") ? "web" : "other", flowType, name);
        return new TcpConnection(ctx.wire, dev.host(), cport, srv, port, flow, rnd, ctx.mss,
                20_000 + rnd.nextInt(40_000), 5_000 + rnd.nextInt(40_000), 4_000_000);
    }

    private long tls(long t) {
        String name = TLS_HOSTS[rnd.nextInt(TLS_HOSTS.length)];
        t = Dns.lookup(ctx, dev, name, t, APP, "other", "dns");
        TcpConnection c = connect(name, 443, "TLS", t);
        t = c.open(t);
        byte[] ch = Tls.clientHello(rnd, name);
        t = c.send(t, true, Payload.exact(ch), tag(c, "tls_handshake", true, ch.length));
        byte[] sh = Tls.serverHello(rnd);
        t = c.send(t + 10_000, false, Payload.exact(sh), tag(c, "tls_handshake", false, sh.length));
        t = c.send(t, true, record(rnd.nextInt(60, 120)), null);
        double mb = rnd.nextInt(10) == 0 ? Rand.exp(rnd, 12) : Rand.exp(rnd, 0.8);
        long total = (long) (mb * 1_000_000) + 2000;
        ctx.scheduler.at(t + 5_000, () -> download(c, total));
        return t + 100_000;
    }

    private void download(TcpConnection c, long remaining) {
        long t = ctx.scheduler.now();
        t = c.send(t, true, record(rnd.nextInt(40, 600)), null);
        long chunk = 0;
        while (remaining > 0 && chunk < 256 * 1024) {
            int len = (int) Math.min(16_401, remaining);
            len = Math.max(len, 32);
            t = c.send(t, false, record(len), null);
            remaining -= len;
            chunk += len;
        }
        if (remaining > 0 && t < until + 600_000_000L) {
            long rem = remaining;
            ctx.scheduler.at(t, () -> download(c, rem));
        } else {
            c.close(t + 200_000, rnd.nextBoolean());
        }
    }

    private Payload record(int len) {
        return Payload.of(Tls.appDataHeader(len - 5), len, rnd);
    }

    private MessageTag tag(TcpConnection c, String task, boolean up, long len) {
        return new MessageTag(c.flow(), APP, c.flow().service, task, null, up, len, "user", null);
    }

    private long quic(long t) {
        String name = TLS_HOSTS[rnd.nextInt(TLS_HOSTS.length)];
        t = Dns.lookup(ctx, dev, name, t, APP, "other", "dns");
        Host srv = ctx.servers.host(name, dev.host().v6());
        int port = dev.ephemeralPort();
        FlowTag flow = new FlowTag(dev.host(), port, srv, 443, "udp", APP, "other", "UDP", name);
        UdpChannel ch = new UdpChannel(ctx.wire, dev.host(), port, srv, 443, flow, rnd.nextInt());
        int n = 20 + rnd.nextInt(400);
        for (int i = 0; i < n; i++) {
            boolean up = i % 8 == 0;
            int len = up ? 40 + rnd.nextInt(60) : 1200 + rnd.nextInt(150);
            byte[] b = Rand.bytes(rnd, len);
            b[0] = (byte) (0x40 | (b[0] & 0x3f)); // QUIC short header: fixed bit set, long-header bit clear
            ch.send(t, up, b, null);
            t += 300 + rnd.nextInt(3000);
        }
        return t;
    }

    private long otherTcp(long t) {
        String name = "push" + rnd.nextInt(20) + ".example-apps.com";
        int port = new int[] {5228, 8883, 14000, 8080}[rnd.nextInt(4)];
        TcpConnection c = connect(name, port, "TCP", t);
        t = c.open(t);
        int n = 2 + rnd.nextInt(10);
        for (int i = 0; i < n; i++) {
            // a length-prefixed binary framing whose bytes 4-7 vary, unlike W-TCP's constant
            long len = Rand.around(rnd, 600, 24);
            byte[] h = Rand.bytes(rnd, 16);
            h[0] = 0;
            h[1] = 0;
            h[2] = (byte) (len >>> 8);
            h[3] = (byte) len;
            t = c.send(t, true, Payload.of(h, len, rnd), null);
            t = c.send(t + 20_000, false, Payload.of(Rand.bytes(rnd, 16), Rand.around(rnd, 3000, 24), rnd), null);
            t += Rand.micros(Rand.exp(rnd, 2));
        }
        return rnd.nextBoolean() ? c.close(t, true) : c.reset(t, false);
    }

    /** Traffic that shares one trait with a chat format: UDP port 8000, a leading 0x02, random binary. */
    private long hardNegative(long t) {
        String name = "game" + rnd.nextInt(10) + ".example-net.cn";
        Host srv = ctx.servers.host(name, dev.host().v6());
        int port = dev.ephemeralPort();
        int sport = rnd.nextBoolean() ? 8000 : 9000 + rnd.nextInt(1000);
        FlowTag flow = new FlowTag(dev.host(), port, srv, sport, "udp", APP, "other", "UDP", name);
        UdpChannel ch = new UdpChannel(ctx.wire, dev.host(), port, srv, sport, flow, rnd.nextInt());
        int n = 4 + rnd.nextInt(60);
        for (int i = 0; i < n; i++) {
            byte[] b = Rand.bytes(rnd, 20 + rnd.nextInt(300));
            if (rnd.nextBoolean()) {
                b[0] = 0x02;
            }
            // never end with the OICQ tail, so a correct QQ matcher must reject every packet
            if (b[b.length - 1] == 0x03) {
                b[b.length - 1] = 0x04;
            }
            ch.send(t, rnd.nextBoolean(), b, null);
            t += 5_000 + rnd.nextInt(200_000);
        }
        return t;
    }
}
