package org.chatdissect.datasets.net;

/**
 * What the ground truth says about one flow. The first frame number is only known once the time-ordering
 * queue writes the flow's first packet, so the truth line is emitted from there.
 */
public final class FlowTag {
    public final Host client;
    public final int clientPort;
    public final Host server;
    public final int serverPort;
    public final String transport;
    public final String app;
    public final String service;
    public final String flowType;
    public final String serverName;
    long firstFrame;

    public FlowTag(Host client, int clientPort, Host server, int serverPort, String transport, String app,
                   String service, String flowType, String serverName) {
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
        this.transport = transport;
        this.app = app;
        this.service = service;
        this.flowType = flowType;
        this.serverName = serverName;
    }

    public long firstFrame() {
        return firstFrame;
    }
}
