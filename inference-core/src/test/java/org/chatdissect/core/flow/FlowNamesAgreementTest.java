package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * SNI and HTTP Host found by flow typing against tshark's dissectors, per client endpoint, on the
 * agreement sample (test-only reader, so it runs before the production reader lands). Only endpoints
 * where tshark found a name are compared; tunnels (STARTTLS, CONNECT) are absent from the sample.
 */
class FlowNamesAgreementTest {
    @Test
    void sniAndHostAgreeWithTshark() throws Exception {
        Path dir = FlowTsharkAgreementTest.capturesDir();
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared captures missing at " + dir.normalize());
        int compared = 0;
        for (String name : FlowTsharkAgreementTest.SAMPLE) {
            Path file = dir.resolve(name);
            Map<String, String> ours = new TreeMap<>();
            FlowTable table = new FlowTable(FlowTableConfig.defaults(), new FlowObserver() {
                @Override
                public void onPayload(Flow f, Direction d, long ts, long fr, byte[] b, int o, int l, int w) {}

                @Override
                public void onFlowEnd(Flow f) {
                    String client = FlowAddresses.format(f.client, f.ipVersion) + ":" + f.clientPort;
                    if (f.sni != null) {
                        ours.putIfAbsent("tls " + client, f.sni);
                    }
                    if (f.host != null) {
                        ours.putIfAbsent("http " + client, f.host);
                    }
                }
            });
            FlowTestPcap.read(file, 0, table::accept);
            table.finish();
            Map<String, String> theirs = new TreeMap<>();
            tsharkNames(file, "tls", "tls.handshake.type==1 && tcp", "tls.handshake.extensions_server_name", theirs);
            tsharkNames(file, "http", "http.request && tcp", "http.host", theirs);
            for (Map.Entry<String, String> e : theirs.entrySet()) {
                assertEquals(e.getValue(), ours.get(e.getKey()), name + " " + e.getKey());
                compared++;
            }
        }
        assertTrue(compared >= 20, "too few names compared: " + compared);
    }

    /** First non-empty value per client endpoint (the first request or ClientHello of the connection). */
    private static void tsharkNames(Path file, String kind, String filter, String field, Map<String, String> into)
            throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-Y", filter, "-T", "fields",
                    "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", field)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Assumptions.abort("tshark not installed");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "tshark failed on " + file);
        Map<String, Boolean> seen = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = (line + "\t\t\t\t").split("\t", -1);
            String addr = f[0].isEmpty() ? f[1] : f[0];
            if (addr.isEmpty()) {
                continue;
            }
            String key = kind + " " + addr + ":" + f[2];
            if (seen.putIfAbsent(key, Boolean.TRUE) == null && !f[3].isEmpty()) {
                into.put(key, f[3]);
            }
        }
    }
}
