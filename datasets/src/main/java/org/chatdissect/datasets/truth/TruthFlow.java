package org.chatdissect.datasets.truth;

/**
 * One line of truth-flows.jsonl. {@code transport} is tcp or udp; {@code flowType} one of DNS, HTTP, TLS,
 * TCP, UDP; {@code serverName} may be null.
 */
public record TruthFlow(String clientIp, int clientPort, String serverIp, int serverPort, String transport,
                        long firstFrame, String app, String service, String flowType, String serverName) {

    /** Key that matches {@link TruthMessage#flowKey()}. */
    public String flowKey() {
        return transport + " " + clientIp + " " + clientPort + " " + serverIp + " " + serverPort;
    }
}
