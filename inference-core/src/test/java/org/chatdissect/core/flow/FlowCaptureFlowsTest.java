package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Test;

/** The pipeline's frame accounting holds whatever the decoder does with the frames. */
class FlowCaptureFlowsTest {
    @Test
    void everyFrameEndsInExactlyOneBucket() throws Exception {
        CaptureStats stats = new CaptureStats();
        // like the real readers, the source counts what it reads; the decoder buckets it
        PacketSource source = new PacketSource() {
            int n;

            @Override
            public boolean next(PacketRecord into) {
                if (n == 25) {
                    return false;
                }
                n++;
                stats.packetsRead++;
                into.fileIndex = 0;
                into.frameNumber = n;
                into.linkType = 1;
                into.length = 14; // an Ethernet header and nothing else: never a TCP/UDP packet
                into.originalLength = 14;
                into.offset = 0;
                return true;
            }

            @Override
            public List<String> fileNames() {
                return List.of("synthetic");
            }

            @Override
            public void close() {}
        };
        FlowTableStats flows = new CaptureFlows(FlowTableConfig.defaults(), (Flow f, Direction d, long ts, long fr,
                byte[] b, int o, int l, int w) -> { }).run(source, stats);
        assertEquals(25, stats.packetsRead);
        assertEquals(stats.packetsRead, stats.packetsDecoded + stats.undecodedTotal());
        assertEquals(stats.packetsDecoded, flows.packets);
    }
}
