package org.chatdissect.match.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.Association;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.junit.jupiter.api.Test;

/**
 * The association table on generated Skype-like sessions: random clients, listening ports, peers and times; the
 * expected verdicts follow from the rules (endpoint, client_port, server_endpoint, expiry, payload first).
 */
class AssociationTableTest {
    private static final long S = 1_000_000_000L;
    private static final String NODE = "198.51.100.7";
    private final SplittableRandom rnd = new SplittableRandom(7);
    private final CompiledSignatures sigs = CompiledSignatures.compile(SignatureSet.of(List.of(
            new Signature("wechat", "TCP", FlowType.TCP, 16, Status.REVIEWED,
                    List.of(new FieldSpec(4, 4, org.chatdissect.model.FieldType.CONSTANT, null, List.of("00100001"), null, null)),
                    null, List.of(), List.of(), null),
            new Signature("skype", "UDP-ENDPOINTS", FlowType.UDP, 0, Status.REVIEWED, List.of(), null, List.of(),
                    List.of(new Server(NODE, 33033)), List.of(Association.CLIENT_PORT, Association.SERVER_ENDPOINT), null))));
    private final int skype = sigs.apps().indexOf("skype");
    private long ids;

    private Flow flow(int proto, byte[] client, int cport, byte[] server, int sport, long start, long end) {
        Flow f = new Flow();
        f.id = ids++;
        f.protocol = proto;
        f.ipVersion = 4;
        System.arraycopy(client, 0, f.client, 12, 4);
        System.arraycopy(server, 0, f.server, 12, 4);
        f.clientPort = cport;
        f.serverPort = sport;
        f.startNanos = start;
        f.endNanos = end;
        f.flowType = proto == 6 ? FlowType.TCP : FlowType.UDP;
        return f;
    }

    /** A UDP flow with the roles the flow layer gives it (FlowRoles: a dynamic-range port marks the client). */
    private Flow udp(byte[] device, int listen, byte[] peer, int peerPort, long start, long end) {
        boolean swap = listen < 32768 && peerPort >= 32768;
        return swap ? flow(17, peer, peerPort, device, listen, start, end) : flow(17, device, listen, peer, peerPort, start, end);
    }

    private byte[] randomAddress(int first) {
        return new byte[] {(byte) first, (byte) rnd.nextInt(256), (byte) rnd.nextInt(256), (byte) (1 + rnd.nextInt(250))};
    }

    private static byte[] ip(String dotted) {
        String[] q = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(q[i]);
        }
        return b;
    }

    private static FlowVerdict unknown() {
        return new FlowVerdict(-1, null, List.of(), new SecondRuns.Builder().build());
    }

    /** Start and end one flow through the table, as FlowClassifier does. */
    private static FlowVerdict run(AssociationTable t, Flow f, FlowVerdict payload) {
        AssociationTable.Attribution early = t.atStart(f);
        return t.settle(f, payload, early);
    }

    @Test
    void sessionsOfRandomUsers() {
        AssociationTable t = new AssociationTable(sigs.endpoints(), AssociationTable.DEFAULT_IDLE_NANOS, 1000);
        long now = 1000 * S;
        int swapped = 0;
        for (int user = 0; user < 20; user++) {
            byte[] client = randomAddress(10);
            int listen = 10_000 + rnd.nextInt(50_000);
            swapped += listen < 32768 ? 1 : 0;
            // the host-cache probe: an endpoint match
            FlowVerdict probe = run(t, udp(client, listen, ip(NODE), 33033, now, now + S), unknown());
            assertEquals(skype, probe.app());
            assertEquals("UDP-ENDPOINTS", probe.signature());
            // call signalling starts first (no entry yet), voice from the listening port follows
            byte[] peer = randomAddress(82);
            int pport = 1024 + rnd.nextInt(60_000);
            Flow signalling = flow(6, client, 40_000 + user, peer, pport, now + 2 * S, now + 60 * S);
            AssociationTable.Attribution early = t.atStart(signalling);
            assertNull(early, "nothing known about the peer yet");
            FlowVerdict voice = run(t, udp(client, listen, peer, pport, now + 3 * S, now + 50 * S), unknown());
            assertEquals(skype, voice.app());
            assertEquals("UDP-ENDPOINTS via client_port", voice.signature());
            FlowVerdict sig = t.settle(signalling, unknown(), early);
            assertEquals(skype, sig.app(), "the voice flow's peer endpoint attributes the signalling at its end");
            assertEquals("UDP-ENDPOINTS via server_endpoint", sig.signature());
            // a flow attributed through server_endpoint passes nothing on: the signalling's client port stays unknown
            FlowVerdict other = run(t, flow(6, client, 40_000 + user, randomAddress(93), 443, now + 70 * S, now + 80 * S),
                    unknown());
            assertFalse(other.classified());
            // a different client port of the same user is not associated
            FlowVerdict dns = run(t, udp(client, listen + 1, randomAddress(93), 9000, now + 90 * S, now + 91 * S),
                    unknown());
            assertFalse(dns.classified());
            now += 30 * S + rnd.nextInt(600) * S;
        }
        assertTrue(swapped > 0 && swapped < 20, "both role assignments exercised: " + swapped);
    }

    @Test
    void payloadVerdictsWinAndKeywordTypesAreNotAssociated() {
        AssociationTable t = new AssociationTable(sigs.endpoints(), AssociationTable.DEFAULT_IDLE_NANOS, 1000);
        byte[] client = randomAddress(10);
        int listen = 20_000 + rnd.nextInt(1000);
        run(t, flow(17, client, listen, ip(NODE), 33033, 0, S), unknown());
        int wechat = sigs.apps().indexOf("wechat");
        FlowVerdict byHeader = new FlowVerdict(wechat, "TCP", List.of(), new SecondRuns.Builder().build());
        assertEquals(byHeader, run(t, flow(17, client, listen, randomAddress(82), 5000, 2 * S, 3 * S), byHeader));
        Flow tls = flow(17, client, listen, randomAddress(82), 443, 4 * S, 5 * S);
        tls.flowType = FlowType.DNS;
        assertFalse(run(t, tls, unknown()).classified(), "a DNS flow is judged by its name, not by associations");
    }

    @Test
    void entriesExpireAfterTheIdleTimeAndStayBounded() {
        long idle = 600 * S;
        AssociationTable t = new AssociationTable(sigs.endpoints(), idle, 8);
        List<byte[]> clients = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 50; i++) {
            byte[] c = randomAddress(10);
            int p = 10_000 + rnd.nextInt(50_000);
            clients.add(c);
            ports.add(p);
            run(t, flow(17, c, p, ip(NODE), 33033, now, now + S), unknown());
            assertTrue(t.size() <= 2 * 8, "bounded: " + t.size());
            now += S;
        }
        // the most recent client is still associated, within the idle time
        int last = clients.size() - 1;
        assertTrue(run(t, flow(17, clients.get(last), ports.get(last), randomAddress(82), 7000, now, now + S), unknown())
                .classified());
        // the oldest was evicted by the size bound
        assertFalse(run(t, flow(17, clients.get(0), ports.get(0), randomAddress(82), 7000, now, now + S), unknown())
                .classified());
        // after the idle time nothing is left of the recent one either
        now += idle + S;
        assertFalse(run(t, flow(17, clients.get(last), ports.get(last), randomAddress(82), 7001, now, now + S), unknown())
                .classified());
    }
}
