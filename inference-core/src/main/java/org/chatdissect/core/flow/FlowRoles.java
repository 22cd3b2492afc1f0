package org.chatdissect.core.flow;

import org.chatdissect.core.capture.DecodedPacket;

/** Decides which side of a new flow is the client, from the flow's first packet. */
final class FlowRoles {
    private static final int WELL_KNOWN_LIMIT = 1024;

    private FlowRoles() {}

    /** Start of the dynamic port range clients draw from (Linux: 32768; IANA: 49152). */
    private static final int DYNAMIC_START = 32768;

    /**
     * TCP handshake flags are the best evidence: a SYN without ACK comes from the client, a SYN+ACK from
     * the server. Otherwise ports decide when they can: a well-known port (below 1024) against a higher
     * one marks the server, a port of the dynamic range against a lower one marks the client. When both
     * ports are of the same kind (clients on 4000, servers on 8000), the sender of the first
     * packet is the client: in a capture that sees the exchange begin, that is the initiator.
     */
    static boolean sourceIsClient(DecodedPacket p) {
        if (p.isTcp() && p.hasFlag(DecodedPacket.TCP_SYN)) {
            return !p.hasFlag(DecodedPacket.TCP_ACK);
        }
        boolean srcWellKnown = p.srcPort < WELL_KNOWN_LIMIT;
        boolean dstWellKnown = p.dstPort < WELL_KNOWN_LIMIT;
        if (srcWellKnown != dstWellKnown) {
            return dstWellKnown;
        }
        boolean srcDynamic = p.srcPort >= DYNAMIC_START;
        boolean dstDynamic = p.dstPort >= DYNAMIC_START;
        if (srcDynamic != dstDynamic) {
            return srcDynamic;
        }
        return true;
    }
}
