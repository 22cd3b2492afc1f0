package org.chatdissect.match.classify;

import org.chatdissect.core.flow.Flow;

/**
 * Flows, packets and payload bytes per application; index {@code apps} (one past the last app) is "unknown".
 * Every decoded packet belongs to exactly one flow, so classified + unknown packets = decoded packets.
 */
public final class AppCounters implements FlowSink {
    private final long[] flows;
    private final long[] packets;
    private final long[] bytes;

    public AppCounters(int apps) {
        flows = new long[apps + 1];
        packets = new long[apps + 1];
        bytes = new long[apps + 1];
    }

    @Override
    public void flowEnded(Flow f, FlowVerdict v) {
        int i = v.classified() ? v.app() : flows.length - 1;
        flows[i]++;
        packets[i] += f.packetsUp + f.packetsDown;
        bytes[i] += f.bytesUp + f.bytesDown;
    }

    public void add(AppCounters o) {
        for (int i = 0; i < flows.length; i++) {
            flows[i] += o.flows[i];
            packets[i] += o.packets[i];
            bytes[i] += o.bytes[i];
        }
    }

    /** @param app an app index, or {@link #unknownIndex()} */
    public long flows(int app) {
        return flows[app];
    }

    public long packets(int app) {
        return packets[app];
    }

    public long bytes(int app) {
        return bytes[app];
    }

    public int unknownIndex() {
        return flows.length - 1;
    }

    public long classifiedPackets() {
        long n = 0;
        for (int i = 0; i < unknownIndex(); i++) {
            n += packets[i];
        }
        return n;
    }
}
