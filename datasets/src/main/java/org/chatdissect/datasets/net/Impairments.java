package org.chatdissect.datasets.net;

/**
 * Network effects seen at an operator's capture point. Loss is modelled after the tap (the segment is
 * captured, then captured again when retransmitted); reordering swaps two neighbouring segments; GRO
 * coalesces two downlink segments into one over-long frame that the snaplen cuts.
 */
public record Impairments(double loss, double reorder, double coalesce) {
    public static final Impairments NONE = new Impairments(0, 0, 0);
    public static final Impairments OPERATOR = new Impairments(0.004, 0.003, 0.002);

    public boolean any() {
        return loss > 0 || reorder > 0 || coalesce > 0;
    }
}
