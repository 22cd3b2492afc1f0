package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Community ID of our flows is Wireshark's ({@code --enable-protocol communityid}) for the flow's first frame. */
class CommunityIdTest {
    @Test
    void theOrderOfTheEndpointsDoesNotMatter() {
        byte[] a = {10, 0, 0, 1};
        byte[] b = {93, (byte) 184, 0, 4};
        assertEquals(CommunityId.of(a, 24447, b, 2518, 17, 0), CommunityId.of(b, 2518, a, 24447, 17, 0));
        assertTrue(CommunityId.of(a, 1, b, 2, 6, 0).startsWith("1:"));
        assertTrue(!CommunityId.of(a, 1, b, 2, 6, 0).equals(CommunityId.of(a, 1, b, 2, 17, 0)), "the protocol counts");
    }

    @Test
    void agreesWithWiresharkOnRealCaptures() throws Exception {
        Path dir = FlowTsharkAgreementTest.capturesDir();
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared captures missing at " + dir.normalize());
        Assumptions.assumeTrue(FlowTsharkAgreementTest.tsharkAvailable(), "tshark not installed");
        int compared = 0;
        // IPv4 and IPv6, TCP and UDP
        for (String name : List.of("443-firefox.pcap", "http_ipv6.pcap", "kcp.pcap", "bad-dns-traffic.pcap")) {
            Path file = dir.resolve(name);
            Map<Long, String> theirs = tshark(file);
            Map<Long, String> ours = new HashMap<>();
            CaptureStats stats = new CaptureStats();
            try (PacketSource src = CaptureReader.open(List.of(file), stats)) {
                new CaptureFlows(FlowTableConfig.defaults(), new FlowObserver() {
                    @Override
                    public void onPayload(Flow f, Direction d, long ts, long frame, byte[] b, int off, int len, int wl) {}

                    @Override
                    public void onFlowEnd(Flow f) {
                        ours.put(f.firstFrame, CommunityId.of(f));
                    }
                }).run(src, stats);
            }
            for (var e : ours.entrySet()) {
                assertEquals(theirs.get(e.getKey()), e.getValue(), name + " flow starting at frame " + e.getKey());
                compared++;
            }
        }
        assertTrue(compared > 20, "too few flows compared: " + compared);
    }

    private static Map<Long, String> tshark(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "--enable-protocol", "communityid", "-T",
                "fields", "-e", "frame.number", "-e", "communityid").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "tshark failed on " + file);
        Map<Long, String> ids = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2 && !f[1].isEmpty()) {
                ids.put(Long.parseLong(f[0].strip()), f[1].strip());
            }
        }
        return ids;
    }
}
