package org.chatdissect.core.flow;

import org.chatdissect.model.FlowType;

/**
 * A bidirectional 5-tuple flow with a client and a server side (section II-B of the paper).
 *
 * <p>Counters are updated by the flow table as packets arrive; observers may hang their own per-flow
 * state on {@link #attachment} so the table needs no knowledge of them.
 */
public final class Flow {
    /** Creation order in the flow table (0, 1, 2...): the order of the flows' first packets. */
    public long id;
    /** Transport protocol: 6 (TCP) or 17 (UDP). */
    public int protocol;
    /** 4 for IPv4, 6 for IPv6. */
    public int ipVersion;
    /** The outermost VLAN id of the flow's first packet, or -1 (flows are not keyed by VLAN, as Community ID). */
    public int vlan = -1;
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

    /** Every packet of the 5-tuple counts (pure ACKs and retransmissions too), as in tshark. */
    public long packetsUp;
    public long packetsDown;
    /**
     * Payload bytes as announced by the IP/UDP headers (snaplen-truncated packets count what they
     * carried on the wire), retransmissions included.
     */
    public long bytesUp;
    public long bytesDown;

    /** Frame bytes (link layer included, as on the wire), the unit tshark's conversation table counts. */
    public long frameBytesUp;
    public long frameBytesDown;

    /** TCP data segments dropped because every byte had been delivered already (both directions). */
    public long retransmittedSegments;
    /** Holes in the TCP sequence space skipped (data never captured) in both directions. */
    public long sequenceGaps;

    /** Null while undecided (a TCP flow before its first client payload); never null at onFlowEnd. */
    public FlowType flowType;
    /** TLS server name, when a ClientHello carried one. */
    public String sni;
    /** HTTP Host of the first request, when the flow is HTTP. */
    public String host;

    /** Set when the flow ends. */
    public FlowEndReason endReason;

    /** Free slot for the stage observing the flow (trainer or matcher state). */
    public Object attachment;
}
