package org.chatdissect.core.segreport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowAddresses;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.model.Direction;
import org.chatdissect.core.model.FlowType;
import org.chatdissect.core.segment.PayloadSample;

/**
 * Gathers the flows the segment report covers, as the trainer does: the leading {@code scope} bytes of every payload
 * of TCP/UDP flows that are not DNS, HTTP or TLS (those are inspected directly, section III-A1), unless
 * {@code allFlows}. Flows are returned by (file, first frame), whatever order the flow table ended them in.
 */
public final class ReportCollector implements FlowObserver {
    private final int scope;
    private final boolean allFlows;
    private final List<String> files;
    private final List<Ended> ended = new ArrayList<>();

    private record Ended(int fileIndex, long firstFrame, ReportFlow flow) {}

    /** @param scope bytes kept per payload; 0 keeps whole payloads */
    public ReportCollector(int scope, boolean allFlows, List<String> files) {
        this.scope = scope;
        this.allFlows = allFlows;
        this.files = files;
    }

    /** Reads the captures and returns their flows. */
    public static List<ReportFlow> read(List<Path> inputs, int scope, boolean allFlows, FlowTableConfig config)
            throws IOException {
        CaptureStats stats = new CaptureStats();
        try (PacketSource src = CaptureReader.open(inputs, stats)) {
            List<String> names = src.fileNames().stream().map(n -> Path.of(n).getFileName().toString()).toList();
            ReportCollector c = new ReportCollector(scope, allFlows, names);
            new CaptureFlows(config, c).run(src, stats);
            return c.flows();
        }
    }

    @Override
    public void onFlowStart(Flow flow) {
        flow.attachment = new ArrayList<PayloadSample>();
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wireLen) {
        if (flow.attachment instanceof List<?> l && len > 0) {
            @SuppressWarnings("unchecked")
            List<PayloadSample> packets = (List<PayloadSample>) l;
            int keep = scope == 0 ? len : Math.min(scope, len);
            packets.add(new PayloadSample(dir, ts, frame, Arrays.copyOfRange(data, off, off + keep), wireLen, false));
        }
    }

    @Override
    public void onFlowEnd(Flow flow) {
        if (!(flow.attachment instanceof List<?> l)) {
            return;
        }
        flow.attachment = null;
        @SuppressWarnings("unchecked")
        List<PayloadSample> packets = (List<PayloadSample>) l;
        boolean header = flow.flowType == null || flow.flowType == FlowType.TCP || flow.flowType == FlowType.UDP;
        if (packets.isEmpty() || (!allFlows && !header) || (flow.protocol != 6 && flow.protocol != 17)) {
            return;
        }
        String proto = flow.protocol == 6 ? "tcp" : "udp";
        String id = endpoint(flow.client, flow.ipVersion, flow.clientPort) + "-"
                + endpoint(flow.server, flow.ipVersion, flow.serverPort) + "/" + proto + "#" + flow.firstFrame;
        String file = flow.fileIndex < files.size() ? files.get(flow.fileIndex) : Integer.toString(flow.fileIndex);
        ended.add(new Ended(flow.fileIndex, flow.firstFrame, new ReportFlow(id, file, flow.protocol == 6, packets)));
    }

    private static String endpoint(byte[] addr, int ipVersion, int port) {
        String a = FlowAddresses.format(addr, ipVersion);
        return (ipVersion == 6 ? "[" + a + "]" : a) + ":" + port;
    }

    /** The collected flows by (file, first frame). */
    public List<ReportFlow> flows() {
        return ended.stream().sorted(Comparator.comparingInt(Ended::fileIndex).thenComparingLong(Ended::firstFrame))
                .map(Ended::flow).toList();
    }
}
