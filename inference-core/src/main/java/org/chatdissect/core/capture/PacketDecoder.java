package org.chatdissect.core.capture;

/** Decodes link, network and transport headers of a frame into a {@link DecodedPacket}. */
public final class PacketDecoder {
    private final CaptureStats stats;

    public PacketDecoder(CaptureStats stats) {
        this.stats = stats;
    }

    /**
     * @return true when {@code out} holds a TCP or UDP packet; false when the frame was counted in the
     *     stats as undecoded (or absorbed into a pending IP reassembly, which is counted too)
     */
    public boolean decode(PacketRecord in, DecodedPacket out) {
        stats.undecoded("not_implemented");
        return false;
    }
}
