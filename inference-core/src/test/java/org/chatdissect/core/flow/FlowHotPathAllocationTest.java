package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Packets of live flows (in-order TCP data, UDP) must not allocate: the bulk path sees billions. */
class FlowHotPathAllocationTest {
    @Test
    void packetsOfLiveFlowsDoNotAllocate() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no allocation counter in this JVM");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "thread allocation counting disabled");
        long[] delivered = new long[1];
        FlowTable table = new FlowTable(FlowTableConfig.defaults(), new FlowObserver() {
            @Override
            public void onPayload(Flow f, Direction d, long ts, long fr, byte[] b, int o, int l, int w) {
                delivered[0] += l;
            }
        });
        DecodedPacket p = new DecodedPacket();
        p.payload = new byte[1400];
        p.ipVersion = 4;
        p.src[15] = 1;
        p.dst[15] = 2;
        int flows = 100;
        long[] seq = new long[flows];
        int rounds = 2000;
        // round 0 creates the flows (allocation expected), then warm-up, then the measured rounds
        long before = 0;
        for (int r = 0; r < rounds; r++) {
            if (r == rounds / 2) {
                before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            for (int i = 0; i < flows; i++) {
                p.frameNumber++;
                p.timestampNanos += 1000;
                p.protocol = (i & 1) == 0 ? DecodedPacket.PROTO_TCP : DecodedPacket.PROTO_UDP;
                p.srcPort = 40000 + i;
                p.dstPort = 443;
                p.tcpFlags = DecodedPacket.TCP_ACK;
                p.tcpSeq = seq[i];
                p.payloadLength = 100 + i;
                p.payloadWireLength = p.payloadLength;
                p.wireLength = p.payloadLength + 54;
                seq[i] += p.payloadLength;
                table.accept(p);
            }
        }
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(flows, table.liveFlows());
        assertTrue(delivered[0] > 0);
        assertTrue(before > 0 && allocated >= 0, "allocation counter not working: " + before);
        // a few KB of slack for the measuring itself; 100,000 packets allocating even 16 bytes each would be 1.6 MB
        assertTrue(allocated < 64 * 1024, "hot path allocated " + allocated + " bytes for " + (rounds / 2 * flows) + " packets");
    }
}
