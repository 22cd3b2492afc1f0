package org.chatdissect.datasets.skype;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.Rand;
import org.chatdissect.datasets.net.TcpConnection;
import org.chatdissect.datasets.net.UdpChannel;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.Dns;
import org.chatdissect.datasets.sim.SimContext;

/**
 * Skype client of Baset and Schulzrinne's analysis (seed 004, versions 0.97-1.4): start-up HTTP to
 * ui.skype.com, login (18-byte UDP probes to the 7 host-cache nodes on 33033, the 41/64-byte exchange with
 * the answering node, the 357/4032-byte TCP exchange with a super node, 18/18 bytes of UDP, then the four
 * login-server messages 5/5/413/222 bytes with their SSL-like headers), 2-byte TCP refreshes to the super node
 * every 120 s, user search, calls with TCP signalling and UDP voice, and three-party conferences where this
 * host mixes. Everything but the login-server headers and HTTP is encrypted (random bytes).
 */
public final class SkypeClient implements AppSession {
    public static final String APP = "skype";
    public static final int HC_PORT = 33033;
    /** The seven host-cache super nodes built into the client (the seed's table). */
    public static final String[] HOST_CACHE = {"66.235.180.9", "66.235.181.9", "212.72.49.143", "195.215.8.145",
            "64.246.49.60", "64.246.49.61", "64.246.48.23"};
    public static final String[] LOGIN_SERVERS = {"212.72.49.141", "195.215.8.141"};
    public static final String UI_HOST = "ui.skype.com";
    public static final String USER_AGENT = "Skype\u2122 Beta 0.97";
    /** Voice packets per second, both directions together (see the datasets notes for this reading). */
    public static final double VOICE_PPS_TOTAL = 85.0;
    public static final long REFRESH_PERIOD = 120_000_000L;
    private static final byte[] GATEWAY_MAC = {0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10};
    private static final List<String> TASKS = List.of("search_user", "voice_call", "conference_call");
    public static final List<FieldSpec> LOGIN_FIELDS = List.of(new FieldSpec(0, 3, "constant"), new FieldSpec(3, 2, "length", "be"));
    public static final List<FieldSpec> LOGIN3_FIELDS = List.of(new FieldSpec(0, 3, "constant"), new FieldSpec(3, 2, "length", "be"),
            new FieldSpec(210, 3, "constant"), new FieldSpec(213, 2, "length", "be"));
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final SimContext ctx;
    private final Device dev;
    private final SplittableRandom rnd;
    private final boolean firstRun;
    private final double minCall;
    private final double maxCall;
    private final int listenPort;
    private TcpConnection sn;
    private Host snHost;
    private int snPort;
    private boolean online;
    private int generation;

    /** @param firstRun the first start after installation sends the {@code installed} request */
    public SkypeClient(SimContext ctx, Device dev, boolean firstRun, double minCall, double maxCall) {
        this.ctx = ctx;
        this.dev = dev;
        this.rnd = dev.rnd();
        this.firstRun = firstRun;
        this.minCall = minCall;
        this.maxCall = maxCall;
        this.listenPort = 10_000 + rnd.nextInt(50_000);
    }

    @Override
    public List<String> userTasks() {
        return TASKS;
    }

    /**
     * A built-in IPv4 server (host-cache node, login server). Skype of that era is IPv4 only and dials these
     * literals, so an IPv6-only cellular user reaches them through 464XLAT (RFC 6877): the phone's CLAT maps them
     * into the operator's NAT64 prefix, and the tap sees {@code 64:ff9b::a.b.c.d} (the RFC 6052 well-known prefix).
     */
    private Host fixed(String ip, String name) {
        String[] q = ip.split("\\.");
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = (byte) Integer.parseInt(q[i]);
        }
        if (dev.host().v6()) {
            byte[] b = new byte[16];
            b[0] = 0x00;
            b[1] = 0x64;
            b[2] = (byte) 0xff;
            b[3] = (byte) 0x9b;
            System.arraycopy(v4, 0, b, 12, 4);
            return new Host(b, GATEWAY_MAC, name, 0);
        }
        return new Host(v4, GATEWAY_MAC, name, 0);
    }

    private Host peer(String name) {
        return ctx.addresses.server(name, 82, 96 + rnd.nextInt(64), dev.host().v6());
    }

    @Override
    public long start(long t) {
        if (firstRun) {
            t = http("/ui/0/97/en/installed", false, t) + 200_000;
        }
        // 18-byte UDP probes to every built-in host-cache node, then the answering node's 41/64-byte exchange
        UdpChannel[] hc = new UdpChannel[HOST_CACHE.length];
        for (int i = 0; i < HOST_CACHE.length; i++) {
            hc[i] = udp(fixed(HOST_CACHE[i], "hc" + i), HC_PORT, "login");
            udpMsg(hc[i], t + i * 400L + rnd.nextInt(300), true, 18, "login", "login", "user");
        }
        int answering = rnd.nextBoolean() ? 3 : rnd.nextInt(HOST_CACHE.length);
        long t1 = t + 80_000 + rnd.nextInt(120_000);
        udpMsg(hc[answering], t1, true, 41, "login", "login", "user");
        udpMsg(hc[answering], t1 + 60_000 + rnd.nextInt(100_000), false, 64, "login", "login", "user");
        t = t1 + 300_000;
        // TCP to a super node; it stays open for refreshes and searches
        snHost = peer("skype-sn");
        snPort = 1024 + rnd.nextInt(64_000);
        FlowTag snFlow = new FlowTag(dev.host(), dev.ephemeralPort(), snHost, snPort, "tcp", APP, "login", "TCP", null);
        sn = new TcpConnection(ctx.wire, dev.host(), snFlow.clientPort, snHost, snPort, snFlow, rnd, ctx.mss,
                20_000 + rnd.nextInt(30_000), 30_000 + rnd.nextInt(60_000), 1_000_000);
        t = sn.open(t);
        t = tcpMsg(sn, t, true, 357, "login", "login", "user");
        t = tcpMsg(sn, t + 30_000, false, 4032, "login", "login", "user");
        UdpChannel snUdp = udp(snHost, snPort, "login");
        udpMsg(snUdp, t + 20_000, true, 18, "login", "login", "user");
        udpMsg(snUdp, t + 90_000 + rnd.nextInt(60_000), false, 18, "login", "login", "user");
        t += 300_000;
        // the login server exchange
        Host ls = fixed(LOGIN_SERVERS[rnd.nextInt(2)], "login-server");
        int lport = rnd.nextInt(5) == 0 ? 443 : HC_PORT;
        int cport = dev.ephemeralPort();
        FlowTag lf = new FlowTag(dev.host(), cport, ls, lport, "tcp", APP, "login", "TCP", null);
        TcpConnection lc = new TcpConnection(ctx.wire, dev.host(), cport, ls, lport, lf, rnd, ctx.mss,
                20_000 + rnd.nextInt(30_000), 60_000 + rnd.nextInt(60_000), 1_000_000);
        t = lc.open(t);
        t = lc.send(t, true, Payload.exact(SkypeLogin.message1()), loginTag(lf, true, 5, LOGIN_FIELDS));
        t = lc.send(t + 5_000, false, Payload.exact(SkypeLogin.message2()), loginTag(lf, false, 5, LOGIN_FIELDS));
        t = lc.send(t + 5_000, true, Payload.exact(SkypeLogin.message3(rnd)), loginTag(lf, true, 413, LOGIN3_FIELDS));
        t = lc.send(t + 20_000, false, Payload.exact(SkypeLogin.message4(rnd)), loginTag(lf, false, 222, LOGIN_FIELDS));
        t = lc.close(t + 10_000, true);
        t = http("/ui/0/97/en/getlatestversion?ver=0.97.0.6", true, t + 100_000);
        online = true;
        int gen = ++generation;
        refresh(t, gen);
        return t;
    }

    private MessageTag loginTag(FlowTag f, boolean up, int len, List<FieldSpec> fields) {
        return new MessageTag(f, APP, "login", "login", null, up, len, "user", fields);
    }

    /** 2-byte refresh to the super node over TCP every 120 s, answered with 2 bytes. */
    private void refresh(long after, int gen) {
        ctx.scheduler.at(after + REFRESH_PERIOD, () -> {
            if (online && gen == generation) {
                long t = ctx.scheduler.now();
                long t2 = tcpMsg(sn, t, true, 2, "keep-alive", "keep_alive", "periodic");
                tcpMsg(sn, t2 + 10_000, false, 2, "keep-alive", "keep_alive", "periodic");
                refresh(t, gen);
            }
        });
    }

    @Override
    public long[] run(String task, long t) {
        if (!online) {
            t = start(t);
        }
        long start = Math.max(t, sn.busyUntil());
        long end = switch (task) {
            case "search_user" -> search(start);
            case "voice_call" -> call(start, false);
            case "conference_call" -> call(start, true);
            default -> throw new IllegalArgumentException("no Skype task " + task);
        };
        return new long[] {start, end};
    }

    /** Fig. 5: TCP 13/48 bytes with the super node, then UDP to 8 nodes (16 more if the user is not found). */
    private long search(long t) {
        int rounds = rnd.nextInt(3) == 0 ? 1 : 2;
        int nodes = 8;
        for (int r = 0; r < rounds; r++) {
            t = tcpMsg(sn, t, true, 13, "search", "search_user", "user");
            t = tcpMsg(sn, t + 10_000, false, 48, "search", "search_user", "user");
            long last = t;
            for (int i = 0; i < nodes; i++) {
                Host n = peer("skype-node");
                UdpChannel ch = udp(n, 1024 + rnd.nextInt(64_000), "search");
                long ts = t + i * 40_000L + rnd.nextInt(30_000);
                int[] req = {171, 54, 91, 25};
                udpMsg(ch, ts, true, req[rnd.nextInt(req.length)], "search", "search_user", "user");
                if (rnd.nextInt(4) != 0) {
                    last = Math.max(last, ts + 80_000 + rnd.nextInt(150_000));
                    udpMsg(ch, last, false, 18, "search", "search_user", "user");
                }
            }
            t = last + 500_000 + rnd.nextInt(1_000_000);
            nodes = 16;
        }
        return t;
    }

    /** Fig. 8, 11, 13: TCP signalling with each callee, then UDP voice; a conference makes this host the mixer. */
    private long call(long t, boolean conference) {
        String service = conference ? "conference" : "voice call";
        String task = conference ? "conference_call" : "voice_call";
        int parties = conference ? 2 : 1;
        Leg[] legs = new Leg[parties];
        long mediaStart = t;
        for (int i = 0; i < parties; i++) {
            Host p = peer("skype-peer");
            int pport = 10_000 + rnd.nextInt(50_000);
            int cport = dev.ephemeralPort();
            FlowTag sf = new FlowTag(dev.host(), cport, p, pport, "tcp", APP, service, "TCP", null);
            TcpConnection sig = new TcpConnection(ctx.wire, dev.host(), cport, p, pport, sf, rnd, ctx.mss,
                    20_000 + rnd.nextInt(30_000), 40_000 + rnd.nextInt(80_000), 1_000_000);
            long s = sig.open(mediaStart);
            int[] up = split(1159, 4);
            int[] down = split(1536, 4);
            for (int k = 0; k < 4; k++) {
                s = tcpMsg(sig, s + 5_000, true, up[k], service, task, "user");
                s = tcpMsg(sig, s + 5_000, false, down[k], service, task, "user");
            }
            UdpChannel voice = udp(p, pport, service);
            legs[i] = new Leg(sig, voice);
            // the second party joins a few seconds into the first call
            mediaStart = s + (conference && i == 0 ? 3_000_000L + rnd.nextInt(3_000_000) : 50_000);
            legs[i].from = s + 50_000;
        }
        long end = mediaStart + (long) ((minCall + rnd.nextDouble() * (maxCall - minCall)) * 1_000_000);
        for (Leg l : legs) {
            ctx.scheduler.at(l.from, () -> voiceSecond(l, l.from, end, service, task));
        }
        long done = end;
        for (Leg l : legs) {
            long s = end + 100_000;
            int[] up = split(68, 4);
            int[] down = split(70, 4);
            for (int k = 0; k < 4; k++) {
                s = tcpMsg(l.sig, s + 3_000, true, up[k], service, task, "user");
                s = tcpMsg(l.sig, s + 3_000, false, down[k], service, task, "user");
            }
            done = Math.max(done, l.sig.close(s + 20_000, true));
        }
        return done;
    }

    private int[] split(int total, int n) {
        int[] out = new int[n];
        int left = total;
        for (int i = 0; i < n - 1; i++) {
            int avg = left / (n - i);
            out[i] = Math.max(4, avg - avg / 3 + rnd.nextInt(Math.max(1, 2 * avg / 3)));
            left -= out[i];
        }
        out[n - 1] = left;
        return out;
    }

    private static final class Leg {
        final TcpConnection sig;
        final UdpChannel voice;
        long from;

        Leg(TcpConnection sig, UdpChannel voice) {
            this.sig = sig;
            this.voice = voice;
        }
    }

    /** One second of voice on one leg: ~42.5 packets each way of 40-120 bytes, no silence suppression. */
    private void voiceSecond(Leg l, long from, long end, String service, String task) {
        long to = Math.min(end, from + 1_000_000L);
        long gap = (long) (2_000_000 / VOICE_PPS_TOTAL);
        for (long ts = from; ts < to; ts += gap) {
            udpMsg(l.voice, ts + rnd.nextInt(2_000), true, voiceSize(), service, task, "user");
            udpMsg(l.voice, ts + gap / 2 + rnd.nextInt(2_000), false, voiceSize(), service, task, "user");
        }
        if (to < end) {
            ctx.scheduler.at(to, () -> voiceSecond(l, to, end, service, task));
        }
    }

    /** 40-120 bytes, skewed to the small end so the two directions total about 5 KB/s. */
    private int voiceSize() {
        return 40 + (int) (81 * Math.pow(rnd.nextDouble(), 2.5));
    }

    @Override
    public long stop(long t) {
        if (!online) {
            return t;
        }
        online = false;
        return sn.close(Math.max(t, sn.busyUntil()), true);
    }

    private UdpChannel udp(Host to, int port, String service) {
        FlowTag f = new FlowTag(dev.host(), listenPort, to, port, "udp", APP, service, "UDP", null);
        return new UdpChannel(ctx.wire, dev.host(), listenPort, to, port, f, rnd.nextInt());
    }

    private void udpMsg(UdpChannel ch, long ts, boolean up, int len, String service, String task, String kind) {
        byte[] b = Rand.bytes(rnd, len);
        ch.send(ts, up, b, new MessageTag(ch.flow(), APP, service, task, null, up, len, kind, null));
    }

    private long tcpMsg(TcpConnection c, long t, boolean up, int len, String service, String task, String kind) {
        Payload p = Payload.of(new byte[0], len, rnd);
        return c.send(t, up, p, new MessageTag(c.flow(), APP, service, task, null, up, len, kind, null));
    }

    /** GET to ui.skype.com with the seed's headers; the version check answers with a chunked body. */
    private long http(String path, boolean chunked, long t) {
        t = Dns.lookup(ctx, dev, UI_HOST, t, APP, "login", "dns");
        Host srv = ctx.servers.host(UI_HOST, dev.host().v6());
        int cport = dev.ephemeralPort();
        FlowTag f = new FlowTag(dev.host(), cport, srv, 80, "tcp", APP, "login", "HTTP", UI_HOST);
        TcpConnection c = new TcpConnection(ctx.wire, dev.host(), cport, srv, 80, f, rnd, ctx.mss,
                20_000 + rnd.nextInt(30_000), 80_000 + rnd.nextInt(60_000), 2_000_000);
        t = c.open(t);
        String req = "GET " + path + " HTTP/1.1\r\nUser-Agent: " + USER_AGENT + "\r\nHost: " + UI_HOST
                + "\r\nCache-Control: no-cache\r\n\r\n";
        byte[] rq = req.getBytes(StandardCharsets.UTF_8);
        String task = chunked ? "check_version" : "installed";
        t = c.send(t, true, Payload.exact(rq), new MessageTag(f, APP, "login", task, null, true, rq.length, "user", null));
        String date = HTTP_DATE.format(Instant.ofEpochSecond(t / 1_000_000));
        String head = "HTTP/1.1 200 OK\r\nDate: " + date + "\r\nServer: Apache/2.0.47 (Debian GNU/Linux) PHP/4.3.5 "
                + "mod_ssl/2.0.47 OpenSSL/0.9.7b\r\nX-Powered-By: PHP/4.3.5\r\nCache-control: no-cache, must revalidate\r\n"
                + "Pragma: no-cache\r\nExpires: 0\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 0\r\n")
                + "Content-Type: text/html; charset=utf-8\r\nContent-Language: en\r\n\r\n"
                + (chunked ? "2\r\n96\r\n0\r\n\r\n" : "");
        byte[] rs = head.getBytes(StandardCharsets.ISO_8859_1);
        t = c.send(t + 20_000, false, Payload.exact(rs), new MessageTag(f, APP, "login", task, null, false, rs.length, "user", null));
        return c.close(t + 1_000, true);
    }
}
