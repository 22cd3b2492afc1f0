package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.FlowType;

/**
 * What is left when payloads have nothing to match (an encrypted application with no cleartext header): where the flows go. Pure: the
 * application's clean TCP/UDP flows and its learnt header formats in, endpoint sets out (docs/design/endpoints.md).
 *
 * <ul>
 *   <li>A flow is <em>described</em> when the header formats would classify it as the matcher does: TCP by its
 *       first payload, UDP by all its payloads. Only undescribed flows count below, so an application whose
 *       header signatures cover its flows gets no endpoint signature.</li>
 *   <li>A <em>static endpoint</em> (server address, port, transport) is reached by at least
 *       {@code endpoint.min_flows} undescribed flows from at least {@code endpoint.min_clients} client addresses
 *       and by no described flow: built-in servers every installation talks to, not one user's peers.</li>
 *   <li><em>client_port</em> evidence (per transport): at least {@code association.min_evidence} (client, client
 *       port) pairs each reaching {@code association.min_servers} distinct server endpoints (a peer-to-peer client answers every
 *       node and peer from one listening UDP port).</li>
 *   <li><em>server_endpoint</em> evidence: at least {@code association.min_evidence} server endpoints that one
 *       client reached over both TCP and UDP (a relay node; call signalling and voice to a peer's port).</li>
 * </ul>
 */
public final class EndpointInference {
    /**
     * What endpoint inference reads of Table II: {@code endpoint.min_flows}, {@code endpoint.min_clients},
     * {@code endpoint.format_min_bytes}, {@code association.min_servers}, {@code association.min_evidence}.
     */
    public record Config(int endpointMinFlows, int endpointMinClients, int endpointFormatMinBytes,
            int associationMinServers, int associationMinEvidence) {
        public static Config of(Parameters p) {
            return new Config(p.endpointMinFlows(), p.endpointMinClients(), p.endpointFormatMinBytes(),
                    p.associationMinServers(), p.associationMinEvidence());
        }
    }

    private final Config params;

    public EndpointInference(Config params) {
        this.params = params;
    }

    private record Server(String ip, int port, boolean tcp) {}

    private static final class Usage {
        int undescribed;
        int described;
        final Set<String> clients = new TreeSet<>();
        final List<FlowSamples> flows = new ArrayList<>();
    }

    /** Learns a header format from the flows of one endpoint (HeaderFormatInference#learnScoped), or gives null. */
    public interface ScopedLearner {
        HeaderFormat learn(FlowType type, List<FlowSamples> flows, String name);
    }

    /**
     * @param endpoints static endpoints left after the scoped formats, TCP before UDP
     * @param formats   header formats learnt from one static endpoint's flows; they describe those flows
     */
    public record Result(List<LearnedEndpoints> endpoints, List<HeaderFormat> formats) {}

    /** Endpoint sets, TCP before UDP; empty when nothing qualifies. */
    public List<LearnedEndpoints> learn(List<FlowSamples> flows, List<HeaderFormat> formats) {
        return learn(flows, formats, f -> false, (t, fl, n) -> null).endpoints();
    }

    /**
     * @param alsoDescribed flows that other signature forms describe (e.g. text signatures), left out like the flows
     *                      the header formats describe
     */
    public Result learn(List<FlowSamples> flows, List<HeaderFormat> formats,
                        java.util.function.Predicate<FlowSamples> alsoDescribed, ScopedLearner scoped) {
        Set<String> devices = devices(flows);
        Map<Server, Usage> usage = new TreeMap<>(java.util.Comparator.comparing(Server::ip)
                .thenComparingInt(Server::port).thenComparing(Server::tcp));
        Map<String, Set<String>> serversOfClientPort = new HashMap<>(); // "tcp|client|port" -> servers
        Map<String, Set<Boolean>> transportsOfClientServer = new HashMap<>(); // "client|server|port" -> tcp?
        for (FlowSamples f : flows) {
            boolean described = described(f, formats) || alsoDescribed.test(f);
            // the flow layer tells UDP roles by ports; a device's listening port below the dynamic range against a
            // server port inside it (25773 against 33033) makes the device the "server"
            boolean swap = !f.tcp() && devices.contains(f.server) && !devices.contains(f.client);
            String client = swap ? f.server : f.client;
            int clientPort = swap ? f.serverPort : f.clientPort;
            String server = swap ? f.client : f.server;
            int serverPort = swap ? f.clientPort : f.serverPort;
            Usage u = usage.computeIfAbsent(new Server(server, serverPort, f.tcp()), k -> new Usage());
            if (described) {
                u.described++;
                continue;
            }
            u.undescribed++;
            u.clients.add(client);
            u.flows.add(f);
            serversOfClientPort.computeIfAbsent(f.tcp() + "|" + client + "|" + clientPort, k -> new HashSet<>())
                    .add(server + "|" + serverPort);
            transportsOfClientServer.computeIfAbsent(client + "|" + server + "|" + serverPort, k -> new HashSet<>())
                    .add(f.tcp());
        }
        int[] sharedPorts = new int[2]; // [udp, tcp]
        for (Map.Entry<String, Set<String>> e : serversOfClientPort.entrySet()) {
            if (e.getValue().size() >= params.associationMinServers()) {
                sharedPorts[e.getKey().startsWith("true") ? 1 : 0]++;
            }
        }
        long bothTransports = transportsOfClientServer.values().stream().filter(s -> s.size() == 2).count();
        boolean serverEndpoint = bothTransports >= params.associationMinEvidence();
        List<LearnedEndpoints> out = new ArrayList<>();
        List<HeaderFormat> scopedFormats = new ArrayList<>();
        for (boolean tcp : new boolean[] {true, false}) {
            FlowType type = tcp ? FlowType.TCP : FlowType.UDP;
            List<HeaderFormat.Endpoint> servers = new ArrayList<>();
            int n = 0;
            for (Map.Entry<Server, Usage> e : usage.entrySet()) {
                Usage u = e.getValue();
                if (e.getKey().tcp() != tcp || u.described > 0 || u.undescribed < params.endpointMinFlows()
                        || u.clients.size() < params.endpointMinClients()) {
                    continue;
                }
                // a header that a static server's own flows all carry generalises beyond its address (the
                // application's other login servers): a header signature then, not an endpoint
                if (describedByAll(u.flows, scopedFormats)) {
                    continue;
                }
                long sameType = formats.stream().filter(h -> h.flowType() == type).count()
                        + scopedFormats.stream().filter(h -> h.flowType() == type).count();
                HeaderFormat h = scoped.learn(type, u.flows, sameType == 0 ? type.name() : type.name() + "-" + (sameType + 1));
                if (h != null && comparedBytes(h) >= params.endpointFormatMinBytes() && describedByAll(u.flows, List.of(h))
                        && valuesRecur(h, u.flows, params.endpointMinFlows())) {
                    scopedFormats.add(h);
                    continue;
                }
                servers.add(new HeaderFormat.Endpoint(e.getKey().ip(), e.getKey().port()));
                n += u.undescribed;
            }
            if (!servers.isEmpty()) {
                servers.sort(null);
                out.add(new LearnedEndpoints(type, servers, n,
                        sharedPorts[tcp ? 1 : 0] >= params.associationMinEvidence(), serverEndpoint));
            }
        }
        return new Result(out, scopedFormats);
    }

    private static boolean describedByAll(List<FlowSamples> flows, List<HeaderFormat> formats) {
        if (formats.isEmpty()) {
            return false;
        }
        for (FlowSamples f : flows) {
            if (!described(f, formats)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every compared value (constant, request, response) occurs in at least {@code minFlows} of the flows: a few
     * random payloads give VE "fields" whose request and response are just one packet's bytes each (a host-cache
     * probe up, the same-sized probe of the other device down), which would match nothing else.
     */
    static boolean valuesRecur(HeaderFormat h, List<FlowSamples> flows, int minFlows) {
        for (org.chatdissect.core.fieldtype.InferredField f : h.fields()) {
            List<byte[]> values = switch (f.type()) {
                case CONSTANT -> f.values();
                case REQRESP -> List.of(f.request(), f.response());
                default -> List.of();
            };
            for (byte[] v : values) {
                int n = 0;
                for (FlowSamples fl : flows) {
                    if (fl.packets.stream().anyMatch(p -> f.holds(p.prefix(), v))) {
                        n++;
                    }
                }
                if (n < minFlows) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bytes a matcher compares (constant and request/response fields): random payloads pass 1 in 256 per byte. */
    static int comparedBytes(HeaderFormat h) {
        int n = 0;
        for (org.chatdissect.core.fieldtype.InferredField f : h.fields()) {
            if (f.type() == org.chatdissect.model.FieldType.CONSTANT || f.type() == org.chatdissect.model.FieldType.REQRESP) {
                n += f.length();
            }
        }
        return n;
    }

    /**
     * The capture's own devices: the addresses that open TCP connections (the flow layer tells TCP roles by the
     * handshake). Empty for an application without TCP; UDP roles then stay as the flow layer decided.
     */
    static Set<String> devices(List<FlowSamples> flows) {
        Set<String> out = new HashSet<>();
        for (FlowSamples f : flows) {
            if (f.tcp()) {
                out.add(f.client);
            }
        }
        return out;
    }

    /** Whether the learnt formats classify the flow: TCP by its first payload, UDP by every payload. */
    static boolean described(FlowSamples f, List<HeaderFormat> formats) {
        FlowType t = f.tcp() ? FlowType.TCP : FlowType.UDP;
        List<HeaderFormat> mine = formats.stream().filter(h -> h.flowType() == t).toList();
        if (mine.isEmpty() || f.packets.isEmpty()) {
            return false;
        }
        if (f.tcp()) {
            return matchesAny(f.packets.get(0), mine);
        }
        for (PayloadSample p : f.packets) {
            if (!matchesAny(p, mine)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(PayloadSample p, List<HeaderFormat> formats) {
        for (HeaderFormat h : formats) {
            if (HeaderMatch.matches(p.prefix(), h.fields())) {
                return true;
            }
        }
        return false;
    }
}
