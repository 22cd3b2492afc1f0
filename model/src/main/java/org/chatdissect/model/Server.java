package org.chatdissect.model;

import java.util.Objects;

/** A server address seen with a signature (IPv4 or IPv6 literal, port 1..65535). */
public record Server(String ip, int port) {
    public Server {
        Objects.requireNonNull(ip, "ip");
    }
}
