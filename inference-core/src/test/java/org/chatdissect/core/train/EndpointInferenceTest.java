package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.junit.jupiter.api.Test;

/**
 * EndpointInference on generated flows shaped like Skype's: every client sends UDP from one listening port to a few
 * built-in nodes and to many random peers, and reaches some peers over TCP and UDP; a second app-like server speaks a
 * header that a learnt format describes. The expected endpoints come from how the flows were generated.
 */
class EndpointInferenceTest {
    private static final byte[] MAGIC = {(byte) 0xd7, 0x42};
    private final SplittableRandom rnd = new SplittableRandom(42);
    private long ids;

    private record World(List<FlowSamples> flows, TreeSet<HeaderFormat.Endpoint> staticUdp,
                         TreeSet<HeaderFormat.Endpoint> headerServer) {}

    private World world(int clients, int nodes, int peersPerClient, boolean peersOverTcp) {
        List<FlowSamples> flows = new ArrayList<>();
        TreeSet<HeaderFormat.Endpoint> nodeSet = new TreeSet<>();
        for (int n = 0; n < nodes; n++) {
            nodeSet.add(new HeaderFormat.Endpoint("198.51.100." + (10 + n), 33033));
        }
        HeaderFormat.Endpoint headerSrv = new HeaderFormat.Endpoint("203.0.113.5", 8000);
        for (int c = 0; c < clients; c++) {
            String client = "10.0.0." + (c + 1);
            // the first client listens below the dynamic port range, so the flow layer swaps its UDP roles
            int listen = c % 2 == 0 ? 10_000 + rnd.nextInt(20_000) : 33_000 + rnd.nextInt(20_000);
            for (HeaderFormat.Endpoint n : nodeSet) {
                flows.add(flow(17, client, listen, n.ip(), n.port(), false));
            }
            for (int p = 0; p < peersPerClient; p++) {
                String peer = "82." + (96 + rnd.nextInt(64)) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(250));
                int port = 1024 + rnd.nextInt(60_000);
                flows.add(flow(17, client, listen, peer, port, false));
                if (peersOverTcp) {
                    flows.add(flow(6, client, 40_000 + p, peer, port, false));
                }
            }
            // an app header the learnt format describes: its server must not become an endpoint
            flows.add(flow(17, client, 4000 + c, headerSrv.ip(), headerSrv.port(), true));
            flows.add(flow(17, client, 4000 + c, headerSrv.ip(), headerSrv.port(), true));
        }
        return new World(flows, nodeSet, new TreeSet<>(List.of(headerSrv)));
    }

    private FlowSamples flow(int proto, String client, int cport, String server, int sport, boolean header) {
        // the flow layer's UDP roles come from ports (FlowRoles): a dynamic-range server port makes the device the server
        boolean swap = proto == 17 && cport < 32768 && sport >= 32768;
        FlowSamples f = swap ? new FlowSamples(ids++, proto, server, client, cport) : new FlowSamples(ids++, proto, client, server, sport);
        f.clientPort = swap ? sport : cport;
        f.flowType = proto == 6 ? FlowType.TCP : FlowType.UDP;
        for (int i = 0; i < 2 + rnd.nextInt(4); i++) {
            byte[] b = new byte[16];
            rnd.nextBytes(b);
            if (header) {
                System.arraycopy(MAGIC, 0, b, 0, 2);
            } else if (b[0] == MAGIC[0] && b[1] == MAGIC[1]) {
                b[0] ^= 1; // random bytes that happen to carry the magic would be described
            }
            f.packets.add(new PayloadSample(i % 2 == 0 ? Direction.UP : Direction.DOWN, i * 1_000_000L, i + 1, b, 60, false));
        }
        return f;
    }

    private static HeaderFormat magicFormat() {
        InferredField magic = new InferredField(0, 2, FieldType.CONSTANT, List.of(MAGIC), null, null, null);
        return new HeaderFormat("UDP", FlowType.UDP, 16, List.of(magic), List.of(), List.of(), 0.5, 10);
    }

    @Test
    void builtInNodesBecomeOneUdpEndpointSetWithBothAssociations() {
        World w = world(2, 7, 12, true);
        assertTrue(w.flows().stream().anyMatch(f -> !f.tcp() && f.client.startsWith("198.")), "some roles swapped");
        List<LearnedEndpoints> out = new EndpointInference(EndpointInference.Config.of(Parameters.defaults())).learn(w.flows(), List.of(magicFormat()));
        assertEquals(1, out.size(), out.toString());
        LearnedEndpoints e = out.get(0);
        assertEquals(FlowType.UDP, e.flowType());
        assertEquals("UDP-ENDPOINTS", e.name());
        // exactly the nodes: not the peers (one client each), not the server the header describes
        assertEquals(List.copyOf(w.staticUdp()), e.servers());
        assertEquals(2 * w.staticUdp().size(), e.flows());
        assertTrue(e.clientPort(), "one listening port reaches many servers");
        assertTrue(e.serverEndpoint(), "peers reached over TCP and UDP");
    }

    @Test
    void withoutTheFormatTheHeaderServerIsAnEndpointToo() {
        World w = world(2, 3, 4, true);
        List<LearnedEndpoints> out = new EndpointInference(EndpointInference.Config.of(Parameters.defaults())).learn(w.flows(), List.of());
        TreeSet<HeaderFormat.Endpoint> expected = new TreeSet<>(w.staticUdp());
        expected.addAll(w.headerServer());
        assertEquals(1, out.size(), out.toString());
        assertEquals(List.copyOf(expected), out.get(0).servers());
    }

    @Test
    void oneClientOrTooFewFlowsGiveNothing() {
        World one = world(1, 7, 12, true);
        assertTrue(new EndpointInference(EndpointInference.Config.of(Parameters.defaults())).learn(one.flows(), List.of(magicFormat())).isEmpty());
        World two = world(2, 7, 2, true);
        Parameters strict = Parameters.defaults().with("endpoint.min_flows", "3");
        assertTrue(new EndpointInference(EndpointInference.Config.of(strict)).learn(two.flows(), List.of(magicFormat())).isEmpty());
        // two clients but each listening port reaches fewer servers than association.min_servers
        Parameters manyServers = Parameters.defaults().with("association.min_servers", "100");
        LearnedEndpoints e = new EndpointInference(EndpointInference.Config.of(manyServers)).learn(two.flows(), List.of(magicFormat())).get(0);
        assertFalse(e.clientPort());
    }

    /** Skype-like login records: {@code 16|17 03 01 | length(2)}, then random bytes. */
    private FlowSamples login(String client, String server) {
        FlowSamples f = new FlowSamples(ids++, 6, client, server, 33033);
        f.clientPort = 40_000 + rnd.nextInt(20_000);
        f.flowType = FlowType.TCP;
        int[][] records = {{0x16, 0}, {0x17, 0}, {0x16, 205}, {0x17, 217}};
        for (int i = 0; i < records.length; i++) {
            byte[] b = new byte[records[i][1] == 0 ? 5 : 16];
            rnd.nextBytes(b);
            b[0] = (byte) records[i][0];
            b[1] = 3;
            b[2] = 1;
            b[3] = 0;
            b[4] = (byte) records[i][1];
            f.packets.add(new PayloadSample(i % 2 == 0 ? Direction.UP : Direction.DOWN, i * 1_000_000L, i + 1, b,
                    b.length == 5 ? 5 : 5 + records[i][1], false));
        }
        return f;
    }

    @Test
    void aStaticServersOwnHeaderBecomesAFormatAndRandomProbesDoNot() {
        World w = world(2, 7, 12, true);
        List<FlowSamples> flows = new ArrayList<>(w.flows());
        flows.add(login("10.0.0.1", "192.0.2.141"));
        flows.add(login("10.0.0.2", "192.0.2.141"));
        HeaderFormatInference hfi = new HeaderFormatInference(Parameters.improved(), List.of(), line -> { });
        EndpointInference.Result r = new EndpointInference(EndpointInference.Config.of(Parameters.improved()))
                .learn(flows, List.of(magicFormat()), f -> false, hfi::learnScoped);
        assertEquals(1, r.formats().size(), r.formats().toString());
        HeaderFormat login = r.formats().get(0);
        assertEquals(FlowType.TCP, login.flowType());
        assertTrue(EndpointInference.comparedBytes(login) >= 3, login.fields().toString());
        // it matches another login server's records: the header generalises beyond the address
        assertTrue(EndpointInference.described(login("10.0.0.9", "192.0.2.200"), List.of(login)));
        // the login server is described now; the probes' random bytes gave no format, the nodes stay endpoints
        assertEquals(1, r.endpoints().size(), r.endpoints().toString());
        assertEquals(List.copyOf(w.staticUdp()), r.endpoints().get(0).servers());
    }

    @Test
    void describedFollowsTheMatcherRules() {
        FlowSamples udp = flow(17, "10.0.0.1", 5000, "203.0.113.5", 8000, true);
        assertTrue(EndpointInference.described(udp, List.of(magicFormat())));
        udp.packets.add(flow(17, "10.0.0.1", 5000, "203.0.113.5", 8000, false).packets.get(0));
        assertFalse(EndpointInference.described(udp, List.of(magicFormat())), "UDP: every payload must match");
    }
}
