package org.chatdissect.core.train;

import java.util.List;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.semantics.OpcodeSemantics;
import org.chatdissect.model.FlowType;

/**
 * One learnt header format of TCP or UDP payloads (like the paper's Fig. 2 and 3): its typed fields,
 * what its opcodes mean, and the servers that spoke it.
 *
 * @param protocolShare share of the input packets that carry this header
 * @param messages protocol messages (headers) the field types were inferred from
 */
public record HeaderFormat(String name, FlowType flowType, int scope, List<InferredField> fields,
                           List<OpcodeSemantics> opcodes, List<Endpoint> servers, double protocolShare,
                           int messages) {
    public HeaderFormat {
        fields = List.copyOf(fields);
        opcodes = List.copyOf(opcodes);
        servers = List.copyOf(servers);
    }

    /** A server address and port. */
    public record Endpoint(String ip, int port) implements Comparable<Endpoint> {
        @Override
        public int compareTo(Endpoint o) {
            int c = ip.compareTo(o.ip);
            return c != 0 ? c : Integer.compare(port, o.port);
        }
    }
}
