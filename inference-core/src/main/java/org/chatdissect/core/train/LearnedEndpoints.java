package org.chatdissect.core.train;

import java.util.List;
import org.chatdissect.model.FlowType;

/**
 * Static server endpoints of one transport that the application's clean flows reach and that no learnt header
 * format describes (the peer nodes an encrypted application caches, its login server), with the association evidence found in the
 * application's undescribed flows. Becomes one endpoint signature ({@code UDP-ENDPOINTS}, {@code TCP-ENDPOINTS}).
 *
 * @param servers        the endpoints, sorted
 * @param flows          training flows that reached them
 * @param clientPort     the app's flows of this transport share one client port across many servers
 * @param serverEndpoint the app's flows reuse a server endpoint across transports
 */
public record LearnedEndpoints(FlowType flowType, List<HeaderFormat.Endpoint> servers, int flows,
                               boolean clientPort, boolean serverEndpoint) {
    public LearnedEndpoints {
        servers = List.copyOf(servers);
    }

    /** The signature name: the transport plus {@code -ENDPOINTS}. */
    public String name() {
        return flowType.name() + "-ENDPOINTS";
    }
}
