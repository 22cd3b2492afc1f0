package org.chatdissect.match.feedback;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The paper's feedback targets: server IP and port pairs that classified flows of an application talk to
 * ("if a flow is classified as a WeChat flow and it accesses a WeChat server, we collect ... all the
 * unclassified flows with the same server-side IP address and port number").
 *
 * <p>Two guards keep other applications' traffic out: DNS flows give no endpoints (a resolver serves every
 * application, so a WeChat query name must not make all queries to the resolver WeChat material), and an
 * endpoint that classified flows of two applications use is nobody's (a shared front end or CDN).
 */
final class ServerEndpoints {
    private static final String SHARED = "";

    private final Map<Endpoint, String> appOf;

    private ServerEndpoints(Map<Endpoint, String> appOf) {
        this.appOf = appOf;
    }

    static ServerEndpoints of(List<ClassifiedFlow> flows) {
        Map<Endpoint, String> m = new HashMap<>();
        for (ClassifiedFlow f : flows) {
            if (!f.classified() || f.dns()) {
                continue;
            }
            m.merge(f.endpoint(), f.app(), (a, b) -> a.equals(b) ? a : SHARED);
        }
        m.values().removeIf(SHARED::equals);
        return new ServerEndpoints(m);
    }

    int size() {
        return appOf.size();
    }

    /** Unclassified non-DNS flows to an endpoint of one application, per application (sorted by name). */
    Map<String, Set<FlowRef>> unclassifiedFlows(List<ClassifiedFlow> flows) {
        Map<String, Set<FlowRef>> out = new TreeMap<>();
        for (ClassifiedFlow f : flows) {
            if (f.classified() || f.dns()) {
                continue;
            }
            String app = appOf.get(f.endpoint());
            if (app != null) {
                out.computeIfAbsent(app, a -> new HashSet<>()).add(f.ref());
            }
        }
        return out;
    }
}
