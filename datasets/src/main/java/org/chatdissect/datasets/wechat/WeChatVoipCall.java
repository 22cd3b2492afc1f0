package org.chatdissect.datasets.wechat;

import java.util.SplittableRandom;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.UdpChannel;
import org.chatdissect.datasets.sim.Dns;

/**
 * One real-time chat (Fig. 5(c)): invitation over W-TCP, probing several relays with short W-UDP flows,
 * then one or two long W-UDP flows carrying content, heartbeats and signaling, and the statistics report
 * over W-HTTP at the end. The long flows are emitted one second per scheduler event so a long call does
 * not pile up in the time-ordering queue.
 */
final class WeChatVoipCall {
    static final int RELAY_PORT = 16285;
    private final WeChatClient c;
    private final WeChatTask task;
    private final SplittableRandom rnd;
    private final int opcode;

    WeChatVoipCall(WeChatClient c, WeChatTask task) {
        this.c = c;
        this.task = task;
        this.rnd = c.rnd;
        this.opcode = switch (task.name()) {
            case "voip_video_call" -> WeChatUdpCodec.OP_VIDEO;
            case "walkie_talkie" -> WeChatUdpCodec.OP_TALK;
            default -> WeChatUdpCodec.OP_VOICE;
        };
    }

    /** Returns the time the last chat packet passes the tap (the statistics report follows it). */
    long run(long t) {
        t = c.tcpTask(task, t, "user");
        t = Dns.lookup(c.ctx, c.dev, "voip.weixin.qq.com", t, WeChatClient.APP, WeChatCatalog.SYSTEM, "dns");
        int probes = 3 + rnd.nextInt(3);
        long probeEnd = t;
        for (int i = 0; i < probes; i++) {
            Chan ch = channel("voip" + (1 + rnd.nextInt(40)) + ".weixin.qq.com");
            long ts = t + i * 30_000L + rnd.nextInt(20_000);
            int rounds = 1 + rnd.nextInt(3);
            for (int k = 0; k < rounds; k++) {
                ch.signal(ts, true);
                ch.signal(ts + 40_000 + rnd.nextInt(60_000), false);
                ch.heartbeat(ts + 120_000, true);
                ch.heartbeat(ts + 160_000 + rnd.nextInt(40_000), false);
                ts += 300_000 + rnd.nextInt(200_000);
            }
            probeEnd = Math.max(probeEnd, ts);
        }
        long duration = 15_000_000L + rnd.nextLong(45_000_000L);
        long start = probeEnd + 50_000;
        long end = start + duration;
        int longFlows = 1 + (rnd.nextInt(3) == 0 ? 1 : 0);
        for (int i = 0; i < longFlows; i++) {
            Chan ch = channel("voip" + (1 + rnd.nextInt(40)) + ".weixin.qq.com");
            boolean primary = i == 0;
            for (int k = 0; k < 3; k++) {
                ch.signal(start + k * 20_000L, true);
                ch.signal(start + k * 20_000L + 45_000, false);
            }
            c.ctx.scheduler.at(start + 100_000, () -> second(ch, start + 100_000, end, primary));
        }
        c.ctx.scheduler.at(end + 200_000, () -> c.post(WeChatCatalog.byName("voip_stat_report"),
                c.ctx.scheduler.now(), "triggered"));
        return end + 100_000;
    }

    /** Emits one second of a long chat flow and schedules the next second. */
    private void second(Chan ch, long from, long end, boolean primary) {
        long to = Math.min(end, from + 1_000_000L);
        long hb = from + rnd.nextInt(1_000_000);
        if (rnd.nextBoolean()) {
            ch.heartbeat(hb, true);
            ch.heartbeat(hb + 30_000 + rnd.nextInt(30_000), false);
        }
        if (primary) {
            int rate = opcode == WeChatUdpCodec.OP_VIDEO ? 45 : 25;
            long gap = 1_000_000L / rate;
            boolean talkUp = ((from / 4_000_000L) & 1) == 0;
            for (long ts = from; ts < to; ts += gap) {
                boolean both = opcode != WeChatUdpCodec.OP_TALK;
                if (both || talkUp) {
                    ch.content(ts + rnd.nextInt(3_000), true, opcode);
                }
                if (both || !talkUp) {
                    ch.content(ts + 7_000 + rnd.nextInt(6_000), false, opcode);
                }
            }
        }
        if (to < end) {
            c.ctx.scheduler.at(to, () -> second(ch, to, end, primary));
        } else {
            for (int k = 0; k < 2; k++) {
                ch.signal(end + k * 30_000L, true);
                ch.signal(end + k * 30_000L + 40_000, false);
            }
        }
    }

    private Chan channel(String name) {
        Host relay = c.ctx.servers.host(name, c.dev.host().v6());
        int port = c.dev.ephemeralPort();
        FlowTag flow = new FlowTag(c.dev.host(), port, relay, RELAY_PORT, "udp", WeChatClient.APP, WeChatCatalog.RTC, "UDP", name);
        return new Chan(new UdpChannel(c.ctx.wire, c.dev.host(), port, relay, RELAY_PORT, flow, rnd.nextInt()));
    }

    private final class Chan {
        final UdpChannel ch;
        int sigUp = rnd.nextInt(1 << 24);
        int sigDown = rnd.nextInt(1 << 24);
        int seqUp = rnd.nextInt(1 << 16);
        int seqDown = rnd.nextInt(1 << 16);

        Chan(UdpChannel ch) {
            this.ch = ch;
        }

        void signal(long ts, boolean up) {
            int seq = up ? sigUp++ : sigDown++;
            byte[] b = WeChatUdpCodec.signaling(rnd, seq & 0xffffff, 40 + rnd.nextInt(60));
            send(ts, up, b, "chat_signaling", WeChatUdpCodec.SIGNAL_FIELDS, null);
        }

        void heartbeat(long ts, boolean up) {
            byte[] b = WeChatUdpCodec.heartbeat(rnd, up, 18 + rnd.nextInt(12));
            send(ts, up, b, "chat_heartbeat", up ? WeChatUdpCodec.HB_UP_FIELDS : WeChatUdpCodec.HB_DOWN_FIELDS, null);
        }

        void content(long ts, boolean up, int op) {
            int seq = up ? seqUp++ : seqDown++;
            int len = op == WeChatUdpCodec.OP_VIDEO ? 200 + rnd.nextInt(900) : 60 + rnd.nextInt(70);
            byte[] b = WeChatUdpCodec.content(rnd, op, seq & 0xffff, len);
            send(ts, up, b, task.name(), WeChatUdpCodec.CONTENT_FIELDS, String.format("0x%02x", op));
        }

        private void send(long ts, boolean up, byte[] b, String taskName, java.util.List<org.chatdissect.datasets.net.MessageTag.FieldSpec> f,
                          String op) {
            String kind = taskName.equals(task.name()) ? "user" : "periodic";
            if (taskName.equals("chat_signaling")) {
                kind = "triggered";
            }
            ch.send(ts, up, b, new MessageTag(ch.flow(), WeChatClient.APP, WeChatCatalog.RTC, taskName, op, up, b.length, kind, f));
        }
    }
}
