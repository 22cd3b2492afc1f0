package org.chatdissect.core.flow;

import org.chatdissect.core.capture.DecodedPacket;

/** Decides which side of a new flow is the client, from the flow's first packet. */
final class FlowRoles {
    private static final int WELL_KNOWN_LIMIT = 1024;

    private FlowRoles() {}

    /**
     * TCP handshake flags are the best evidence: a SYN without ACK comes from the client, a SYN+ACK from
     * the server. Otherwise the ephemeral side is the client: a well-known port (below 1024) against a
     * higher one marks the server, else the lower port is the server. Equal ports: the sender of the
     * first packet is taken as the client, which is deterministic for a given input.
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
        if (p.srcPort != p.dstPort) {
            return p.srcPort > p.dstPort;
        }
        return true;
    }
}
