package org.chatdissect.core.flow;

/** Why the flow table ended a flow; observers see it in {@link Flow#endReason} at onFlowEnd. */
public enum FlowEndReason {
    /** Both FINs seen and acknowledged, or a FIN followed by the closing idle timeout. */
    FIN,
    RST,
    /** No packet for the protocol's idle timeout. */
    IDLE,
    /** A new SYN arrived on a 5-tuple whose connection never closed (the old one was lost). */
    PORT_REUSE,
    /** The live-flow cap was reached and this was the least recently active flow. */
    EVICTED,
    /** End of the capture file (flows never span files) or of the input. */
    END_OF_INPUT
}
