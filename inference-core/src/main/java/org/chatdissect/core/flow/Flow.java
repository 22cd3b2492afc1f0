package org.chatdissect.core.flow;

import org.chatdissect.core.model.FlowType;

/**
 * A bidirectional 5-tuple flow with a client and a server side (section II-B of the paper).
 *
 * <p>Counters are updated by the flow table as packets arrive; observers may hang their own per-flow
 * state on {@link #attachment} so the table needs no knowledge of them.
 */
public final class Flow {
    /** Transport protocol: 6 (TCP) or 17 (UDP). */
    public int protocol;
    /** 4 for IPv4, 6 for IPv6. */
    public int ipVersion;
    public final byte[] client = new byte[16];
    public final byte[] server = new byte[16];
    public int clientPort;
    public int serverPort;

    /** Index of the capture file the flow's first packet came from. */
    public int fileIndex;
    /** 1-based frame number of the flow's first packet in its file. */
    public long firstFrame;
    public long startNanos;
    public long endNanos;

    public long packetsUp;
    public long packetsDown;
    /** Payload bytes, as announced on the wire (snaplen-truncated packets count what they carried). */
    public long bytesUp;
    public long bytesDown;

    public FlowType flowType;
    /** TLS server name, when a ClientHello carried one. */
    public String sni;
    /** HTTP Host of the first request, when the flow is HTTP. */
    public String host;

    /** Free slot for the stage observing the flow (trainer or matcher state). */
    public Object attachment;
}
