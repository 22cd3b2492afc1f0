package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.model.FlowType;
import org.chatdissect.core.segment.PayloadSample;

/** What training keeps of one flow: its identity, its type and the leading bytes of every payload. */
final class FlowSamples {
    final long id;
    final int protocol;
    final String server;
    final int serverPort;
    final String client;
    /** The client's port; set by the collector (copies made while peeling formats leave it 0). */
    int clientPort;
    FlowType flowType;
    final List<PayloadSample> packets = new ArrayList<>();

    FlowSamples(long id, int protocol, String client, String server, int serverPort) {
        this.id = id;
        this.protocol = protocol;
        this.client = client;
        this.server = server;
        this.serverPort = serverPort;
    }

    boolean tcp() {
        return protocol == 6;
    }
}
