package org.chatdissect.datasets.net;

/** One UDP 5-tuple between a client and a server (or peer) as seen at the tap. */
public final class UdpChannel {
    private final Wire wire;
    private final Host client;
    private final int cport;
    private final Host server;
    private final int sport;
    private final FlowTag flow;
    private int ipIdUp;
    private int ipIdDown;

    public UdpChannel(Wire wire, Host client, int cport, Host server, int sport, FlowTag flow, int ipIdSeed) {
        this.wire = wire;
        this.client = client;
        this.cport = cport;
        this.server = server;
        this.sport = sport;
        this.flow = flow;
        this.ipIdUp = ipIdSeed & 0xffff;
        this.ipIdDown = (ipIdSeed >>> 16) & 0xffff;
    }

    public FlowTag flow() {
        return flow;
    }

    public void send(long ts, boolean up, Payload p, MessageTag msg) {
        int vlan = client.vlan();
        byte[] f = up
                ? Frames.udp(client, cport, server, sport, p, (int) p.length(), ipIdUp++ & 0xffff, 64, vlan)
                : Frames.udp(server, sport, client, cport, p, (int) p.length(), ipIdDown++ & 0xffff, 52, vlan);
        wire.emit(ts, f, flow, msg);
    }

    public void send(long ts, boolean up, byte[] bytes, MessageTag msg) {
        send(ts, up, Payload.exact(bytes), msg);
    }
}
