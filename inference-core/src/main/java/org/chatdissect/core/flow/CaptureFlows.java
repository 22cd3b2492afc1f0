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
     * @param stats frame accounting: after the run {@code packetsRead == packetsDecoded + undecodedTotal()}
     * @return the flow table's totals
     */
    public FlowTableStats run(PacketSource source, CaptureStats stats) throws IOException {
        PacketDecoder decoder = new PacketDecoder(stats);
        PacketRecord record = new PacketRecord();
        DecodedPacket packet = new DecodedPacket();
        long readBefore = stats.packetsRead;
        long decodedBefore = stats.packetsDecoded;
        long records = 0;
        long decoded = 0;
        while (source.next(record)) {
            records++;
            if (decoder.decode(record, packet)) {
                decoded++;
                table.accept(packet);
            }
        }
        table.finish();
        // The capture API does not say whether the reader and decoder bump the read/decoded totals
        // themselves (they do count undecoded reasons). Count here only what they left uncounted, so the
        // totals are right either way and never doubled.
        if (stats.packetsRead == readBefore) {
            stats.packetsRead += records;
        }
        if (stats.packetsDecoded == decodedBefore) {
            stats.packetsDecoded += decoded;
        }
        return table.stats();
    }

    public FlowTable table() {
        return table;
    }
}
