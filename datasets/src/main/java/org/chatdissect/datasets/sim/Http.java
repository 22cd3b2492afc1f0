package org.chatdissect.datasets.sim;

import java.nio.charset.StandardCharsets;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.net.Payload;
import org.chatdissect.datasets.net.TcpConnection;

/**
 * One HTTP/1.1 request per short TCP connection (as W-HTTP behaves): connect, request with Content-Length,
 * response with Content-Length, client FIN. Bodies are opaque octet streams so dissectors do not try to
 * decode random bytes as images.
 */
public final class Http {
    private Http() {}

    /** Request or response as labelled in the truth. */
    public record Labels(String app, String service, String task, String kind) {}

    public static long exchange(SimContext ctx, Device dev, String method, String hostName, int port, String path,
                                String[] headers, long reqBody, long respBody, long t, Labels l) {
        t = Dns.lookup(ctx, dev, hostName, t, l.app(), l.service().equals("other") ? "other" : "system", "dns");
        Host server = ctx.servers.host(hostName, dev.host().v6());
        int cport = dev.ephemeralPort();
        FlowTag flow = new FlowTag(dev.host(), cport, server, port, "tcp", l.app(), l.service(), "HTTP", hostName);
        TcpConnection c = new TcpConnection(ctx.wire, dev.host(), cport, server, port, flow, dev.rnd(), ctx.mss,
                20_000 + dev.rnd().nextInt(30_000), 8_000 + dev.rnd().nextInt(20_000), 2_500_000);
        t = c.open(t);
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostName).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        if (reqBody > 0 || method.equals("POST")) {
            sb.append("Content-Type: application/octet-stream\r\nContent-Length: ").append(reqBody).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        byte[] rh = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        Payload req = Payload.of(rh, rh.length + reqBody, dev.rnd());
        t = c.send(t, true, req, new MessageTag(flow, l.app(), l.service(), l.task(), null, true, req.length(), l.kind(), null));
        t += 5_000 + dev.rnd().nextInt(60_000);
        String resp = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + respBody + "\r\nConnection: close\r\n\r\n";
        byte[] sh = resp.getBytes(StandardCharsets.ISO_8859_1);
        Payload rsp = Payload.of(sh, sh.length + respBody, dev.rnd());
        t = c.send(t, false, rsp, new MessageTag(flow, l.app(), l.service(), l.task(), null, false, rsp.length(), l.kind(), null));
        return c.close(t + 1_000, true);
    }
}
