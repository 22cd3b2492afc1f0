package org.chatdissect.match.feedback;

/** A server side of flows: transport ({@code tcp}/{@code udp}), address as the flow layer formats it, port. */
record Endpoint(String proto, String server, int port) {
    @Override
    public String toString() {
        return proto + " " + (server.contains(":") ? "[" + server + "]" : server) + ":" + port;
    }
}
