package org.chatdissect.core.flow;

import java.io.IOException;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;

/**
 * The pipeline from a capture to flow events: source records, decoded by {@link PacketDecoder}, fed to
 * a {@link FlowTable}. One record and one decoded packet are reused for the whole run, so observers get
 * payload arrays that are only valid during their call.
 */
public final class CaptureFlows {
    private final FlowTable table;

    public CaptureFlows(FlowTableConfig config, FlowObserver observer) {
        this.table = new FlowTable(config, observer);
    }

    /**
     * Reads the source to its end, then ends every live flow; the source is not closed.
     *
     * @param stats frame accounting (the reader counts reads, the decoder decodes): after the run {@code packetsRead == packetsDecoded + undecodedTotal()}
     * @return the flow table's totals
     */
    public FlowTableStats run(PacketSource source, CaptureStats stats) throws IOException {
        PacketDecoder decoder = new PacketDecoder(stats);
        PacketRecord record = new PacketRecord();
        DecodedPacket packet = new DecodedPacket();
        while (source.next(record)) {
            if (decoder.decode(record, packet)) {
                table.accept(packet);
            }
        }
        // fragments of datagrams that never completed move from "pending" to "incomplete"
        decoder.finish();
        table.finish();
        return table.stats();
    }

    public FlowTable table() {
        return table;
    }
}
