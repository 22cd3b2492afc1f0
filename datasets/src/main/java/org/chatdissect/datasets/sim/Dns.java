package org.chatdissect.datasets.sim;

import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.UdpChannel;

/** Stub-resolver behaviour: one UDP flow per lookup from a fresh port to the operator's resolver. */
public final class Dns {
    private Dns() {}

    /** Resolves {@code name} for the device if not cached; returns the time the answer passes the tap. */
    public static long lookup(SimContext ctx, Device dev, String name, long t, String app, String service, String task) {
        if (!dev.needsLookup(name, t, 600_000_000L)) {
            return t;
        }
        boolean v6 = dev.host().v6();
        Host resolver = v6 ? ctx.resolver6 : ctx.resolver;
        int port = dev.ephemeralPort();
        FlowTag flow = new FlowTag(dev.host(), port, resolver, 53, "udp", app, service, "DNS", name);
        UdpChannel ch = new UdpChannel(ctx.wire, dev.host(), port, resolver, 53, flow, dev.rnd().nextInt());
        int id = dev.rnd().nextInt(65536);
        int qtype = v6 ? DnsCodec.AAAA : DnsCodec.A;
        byte[] q = DnsCodec.query(id, name, qtype);
        ch.send(t, true, q, new MessageTag(flow, app, service, task, null, true, q.length, "triggered", null));
        Host target = ctx.servers.host(name, v6);
        String cname = dev.rnd().nextInt(3) == 0 ? name.replace('.', '-') + ".cdn.dnsv1.com" : null;
        int n = 1 + dev.rnd().nextInt(2);
        byte[][] addrs = new byte[n][];
        for (int i = 0; i < n; i++) {
            addrs[i] = target.ip().clone();
            if (i > 0) {
                addrs[i][addrs[i].length - 1] ^= (byte) (i * 16);
            }
        }
        byte[] r = DnsCodec.response(id, name, qtype, cname, addrs, 300);
        long t2 = t + 15_000 + dev.rnd().nextInt(30_000);
        ch.send(t2, false, r, new MessageTag(flow, app, service, task, null, false, r.length, "triggered", null));
        return t2 + 1_000;
    }
}
