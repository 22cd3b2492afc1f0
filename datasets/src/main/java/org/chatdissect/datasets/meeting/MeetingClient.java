package org.chatdissect.datasets.meeting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.Rand;
import org.chatdissect.datasets.net.TcpConnection;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;

/**
 * Client of the student meeting system (seed 003). A main TCP connection to port 5000 carries text control
 * messages {@code header\r\n\r\ndata}; each media kind has its own TCP connection: video 5001 and audio 5002
 * (the seed's port list), screen 5003. Audio and screen messages are {@code struct.pack("L", len)} (8 bytes,
 * little-endian, as on 64-bit Linux) + data; video is 8-byte ip length + sender ip + 8-byte data length + data.
 * Remote control is peer to peer on the controlled client's port 5004: screenshots as {@code >BI} (1, length
 * big-endian) then the image, mouse events as {@code >BBHH} (button 1, action 100 = press, x, y).
 * User tasks are whole episodes starting and ending outside a room; each message's service names its channel.
 */
public final class MeetingClient implements AppSession {
    public static final String APP = "meeting";
    public static final int CONTROL = 5000, VIDEO = 5001, AUDIO = 5002, SCREEN = 5003, REMOTE = 5004;
    public static final String SERVER = "meeting.example.edu";
    private static final List<String> TASKS = List.of("host_meeting", "join_meeting", "share_screen", "remote_control",
            "manage_meeting");
    public static final List<FieldSpec> LEN8_FIELDS = List.of(new FieldSpec(0, 8, "length", "le"));
    public static final List<FieldSpec> SHOT_FIELDS = List.of(new FieldSpec(0, 1, "constant"), new FieldSpec(1, 4, "length", "be"));
    public static final List<FieldSpec> MOUSE_FIELDS = List.of(new FieldSpec(0, 1, "constant"), new FieldSpec(1, 1, "constant"),
            new FieldSpec(2, 2, "unidentified"), new FieldSpec(4, 2, "unidentified"));
    private static final byte[] SEP = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SimContext ctx;
    private final Device dev;
    private final SplittableRandom rnd;
    private final double minMedia;
    private final double maxMedia;
    private final Host server;
    private TcpConnection main;
    private FlowTag mainFlow;

    /** @param minMedia shortest media phase of an episode in seconds; {@code maxMedia} longest */
    public MeetingClient(SimContext ctx, Device dev, double minMedia, double maxMedia) {
        this.ctx = ctx;
        this.dev = dev;
        this.rnd = dev.rnd();
        this.minMedia = minMedia;
        this.maxMedia = maxMedia;
        this.server = ctx.servers.host(SERVER, dev.host().v6());
    }

    @Override
    public List<String> userTasks() {
        return TASKS;
    }

    @Override
    public long start(long t) {
        int cport = dev.ephemeralPort();
        mainFlow = new FlowTag(dev.host(), cport, server, CONTROL, "tcp", APP, "control", "TCP", SERVER);
        main = new TcpConnection(ctx.wire, dev.host(), cport, server, CONTROL, mainFlow, rnd, ctx.mss,
                10_000 + rnd.nextInt(20_000), 5_000 + rnd.nextInt(10_000), 5_000_000);
        return main.open(t);
    }

    @Override
    public long[] run(String task, long t) {
        if (main == null || !main.isOpen()) {
            t = start(t);
        }
        t = Math.max(t, main.busyUntil());
        long start = t;
        String room = Integer.toString(100 + rnd.nextInt(900));
        String me = dev.host().ipString();
        String other = ctx.addresses.client(dev.host().v6(), dev.host().vlan()).ipString();
        long dur = (long) ((minMedia + rnd.nextDouble() * (maxMedia - minMedia)) * 1_000_000);
        long end;
        switch (task) {
            case "host_meeting" -> {
                t = control(t, task, "create room", "1", "create room", room);
                t = control(t, task, "clients", "", "clients", "ip " + me);
                List<Stream> s = List.of(stream(t, task, "audio", AUDIO, room, true), stream(t, task, "video", VIDEO, room, true),
                        stream(t, task, "audio", AUDIO, room, false), stream(t, task, "video", VIDEO, room, false));
                t = s.stream().mapToLong(x -> x.ready).max().orElse(t) + 500_000 + rnd.nextInt(1_000_000);
                t = push(t, task, "clients", "ip " + me + "\r\nip " + other);
                t = media(s, t, dur, me, other);
                t = control(t + 200_000, task, "close room", room, "close room", "ok");
            }
            case "join_meeting" -> {
                t = control(t, task, "join room", room, "join room", "ok");
                t = control(t, task, "clients", "", "clients", "ip " + other + "\r\nip " + me);
                List<Stream> s = List.of(stream(t, task, "audio", AUDIO, room, true), stream(t, task, "audio", AUDIO, room, false),
                        stream(t, task, "video", VIDEO, room, false));
                t = s.stream().mapToLong(x -> x.ready).max().orElse(t) + 200_000;
                t = media(s, t, dur, me, other);
                t = control(t + 200_000, task, "quit room", room, "quit room", "ok");
            }
            case "share_screen" -> {
                t = control(t, task, "create room", "1", "create room", room);
                t = control(t, task, "clients", "", "clients", "ip " + me);
                List<Stream> s = List.of(stream(t, task, "screen", SCREEN, room, true));
                t = media(s, s.get(0).ready + 300_000, dur, me, other);
                t = control(t + 200_000, task, "close room", room, "close room", "ok");
            }
            case "remote_control" -> {
                t = control(t, task, "join room", room, "join room", "ok");
                t = control(t, task, "clients", "", "clients", "ip " + other + "\r\nip " + me);
                t = remote(t + 500_000, dur, task);
                t = control(t + 200_000, task, "quit room", room, "quit room", "ok");
            }
            case "manage_meeting" -> {
                t = control(t, task, "create room", "1", "create room", room);
                t = control(t, task, "clients", "", "clients", "ip " + me);
                t = push(t + 1_000_000 + rnd.nextInt(2_000_000), task, "clients", "ip " + me + "\r\nip " + other);
                t = control(t + 2_000_000 + rnd.nextInt(2_000_000), task, "set admin", other, "set admin", "ok");
                t = control(t + 2_000_000 + rnd.nextInt(2_000_000), task, "transfer host", other, "transfer host", "ok");
                t = control(t + 1_000_000 + rnd.nextInt(2_000_000), task, "quit room", room, "quit room", "ok");
            }
            default -> throw new IllegalArgumentException("no meeting task " + task);
        }
        end = t;
        return new long[] {start, end};
    }

    @Override
    public long stop(long t) {
        if (main == null || !main.isOpen()) {
            return t;
        }
        return main.close(Math.max(t, main.busyUntil()), true);
    }

    static byte[] text(String header, String data) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] d = data.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[h.length + SEP.length + d.length];
        System.arraycopy(h, 0, b, 0, h.length);
        System.arraycopy(SEP, 0, b, h.length, SEP.length);
        System.arraycopy(d, 0, b, h.length + SEP.length, d.length);
        return b;
    }

    /** A control request and the server's reply on the main connection. */
    private long control(long t, String task, String header, String data, String replyHeader, String reply) {
        byte[] q = text(header, data);
        t = main.send(t, true, Payload.exact(q), tag(mainFlow, "control", task, true, q.length, "user", null));
        byte[] r = text(replyHeader, reply);
        return main.send(t + 2_000 + rnd.nextInt(30_000), false, Payload.exact(r), tag(mainFlow, "control", task, false, r.length, "user", null));
    }

    /** The server's broadcast of the participant list when someone joins. */
    private long push(long t, String task, String header, String data) {
        byte[] r = text(header, data);
        return main.send(t, false, Payload.exact(r), tag(mainFlow, "control", task, false, r.length, "push", null));
    }

    private MessageTag tag(FlowTag f, String service, String task, boolean up, long len, String kind, List<FieldSpec> fields) {
        return new MessageTag(f, APP, service, task, null, up, len, kind, fields);
    }

    /** One media connection; {@code send} is the client's upload, otherwise the server's broadcast to it. */
    private final class Stream {
        final String service;
        final int port;
        final boolean send;
        final TcpConnection conn;
        final FlowTag flow;
        final long ready;
        final String task;

        Stream(long t, String task, String service, int port, String room, boolean send) {
            this.service = service;
            this.port = port;
            this.send = send;
            this.task = task;
            int cport = dev.ephemeralPort();
            flow = new FlowTag(dev.host(), cport, server, port, "tcp", APP, service, "TCP", SERVER);
            conn = new TcpConnection(ctx.wire, dev.host(), cport, server, port, flow, rnd, ctx.mss,
                    10_000 + rnd.nextInt(20_000), 5_000 + rnd.nextInt(10_000), 6_000_000);
            long r = conn.open(t + rnd.nextInt(3_000));
            // our registration of the socket with the room (the seed shows a 17-19 byte first message)
            byte[] reg = text(service + (send ? " send" : " recv"), room);
            ready = conn.send(r + 5_000, true, Payload.exact(reg), tag(flow, service, task, true, reg.length, "user", null));
        }
    }

    private Stream stream(long t, String task, String service, int port, String room, boolean send) {
        return new Stream(t, task, service, port, room, send);
    }

    /** Runs every stream for {@code dur}, one second per scheduler event; returns when all are closed. */
    private long media(List<Stream> streams, long t, long dur, String me, String other) {
        long end = t + dur;
        for (Stream s : streams) {
            ctx.scheduler.at(t, () -> mediaSecond(s, t, end, s.send ? me : other));
        }
        long done = end;
        for (Stream s : streams) {
            long closeAt = end + 50_000 + rnd.nextInt(50_000);
            ctx.scheduler.at(closeAt, () -> s.conn.close(Math.max(ctx.scheduler.now(), s.conn.busyUntil()), true));
            done = Math.max(done, closeAt + 60_000);
        }
        return done;
    }

    private void mediaSecond(Stream s, long from, long end, String ip) {
        long to = Math.min(end, from + 1_000_000L);
        boolean up = s.send;
        switch (s.service) {
            case "audio" -> {
                // 1024 16-bit mono samples at 16 kHz per chunk
                for (long ts = from; ts < to; ts += 64_000) {
                    frame(s, ts, up, lengthPrefixed(2048), LEN8_FIELDS);
                }
            }
            case "screen" -> {
                for (long ts = from; ts < to; ts += 400_000 + rnd.nextInt(200_000)) {
                    frame(s, ts, up, lengthPrefixed(15_000 + rnd.nextInt(45_000)), LEN8_FIELDS);
                }
            }
            default -> {
                byte[] ipb = ip.getBytes(StandardCharsets.US_ASCII);
                for (long ts = from; ts < to; ts += 125_000) {
                    int n = 4_000 + rnd.nextInt(8_000);
                    byte[] head = new byte[8 + ipb.length + 8];
                    le8(head, 0, ipb.length);
                    System.arraycopy(ipb, 0, head, 8, ipb.length);
                    le8(head, 8 + ipb.length, n);
                    List<FieldSpec> f = List.of(new FieldSpec(0, 8, "length", "le"), new FieldSpec(8, ipb.length, "unidentified"),
                            new FieldSpec(8 + ipb.length, 8, "length", "le"));
                    frame(s, ts, up, Payload.of(head, head.length + n, rnd), f);
                }
            }
        }
        if (to < end) {
            ctx.scheduler.at(to, () -> mediaSecond(s, to, end, ip));
        }
    }

    private Payload lengthPrefixed(int n) {
        byte[] head = new byte[8];
        le8(head, 0, n);
        return Payload.of(head, 8 + n, rnd);
    }

    private void frame(Stream s, long ts, boolean up, Payload p, List<FieldSpec> f) {
        s.conn.send(ts, up, p, tag(s.flow, s.service, s.task, up, p.length(), "user", f));
    }

    static void le8(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) {
            b[o + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Remote control with another participant: we control, the peer streams screenshots from port 5004. */
    private long remote(long t, long dur, String task) {
        Host peer = ctx.addresses.client(dev.host().v6(), dev.host().vlan());
        int cport = dev.ephemeralPort();
        FlowTag f = new FlowTag(dev.host(), cport, peer, REMOTE, "tcp", APP, "remote control", "TCP", null);
        TcpConnection c = new TcpConnection(ctx.wire, dev.host(), cport, peer, REMOTE, f, rnd, ctx.mss,
                300 + rnd.nextInt(500), 300 + rnd.nextInt(500), 8_000_000);
        long s = c.open(t);
        long end = s + dur;
        ctx.scheduler.at(s, () -> remoteSecond(c, f, s, end, task));
        long done = end + 100_000;
        ctx.scheduler.at(done, () -> c.close(Math.max(ctx.scheduler.now(), c.busyUntil()), true));
        return done + 10_000;
    }

    private void remoteSecond(TcpConnection c, FlowTag f, long from, long end, String task) {
        long to = Math.min(end, from + 1_000_000L);
        List<long[]> events = new ArrayList<>();
        for (long ts = from; ts < to; ts += 250_000 + rnd.nextInt(100_000)) {
            events.add(new long[] {ts, 0});
        }
        int clicks = rnd.nextInt(3);
        for (int i = 0; i < clicks; i++) {
            events.add(new long[] {from + rnd.nextInt((int) Math.max(1, to - from)), 1});
        }
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] e : events) {
            if (e[1] == 0) {
                // the controlled end sends the screenshot length, then the image, with two sendall calls
                int n = 20_000 + rnd.nextInt(60_000);
                byte[] h = {1, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
                long t2 = c.send(e[0], false, Payload.exact(h), tag(f, "remote control", task, false, 5, "user", SHOT_FIELDS));
                c.send(t2, false, Payload.of(new byte[0], n, rnd), tag(f, "remote control", task, false, n, "user", null));
            } else {
                int x = rnd.nextInt(1920);
                int y = rnd.nextInt(1080);
                byte[] m = {1, 100, (byte) (x >>> 8), (byte) x, (byte) (y >>> 8), (byte) y};
                c.send(e[0], true, Payload.exact(m), tag(f, "remote control", task, true, 6, "user", MOUSE_FIELDS));
            }
        }
        if (to < end) {
            ctx.scheduler.at(to, () -> remoteSecond(c, f, to, end, task));
        }
    }
}
