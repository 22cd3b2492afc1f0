package org.chatdissect.model;

/**
 * How a flow attributed to an application passes the attribution on to later flows (format version 2). Encrypted
 * protocols such as Skype's carry no header to match, but their clients reuse endpoints: one listening UDP port for
 * every peer, and the same peer endpoint for signalling and media. The matcher applies these rules (docs
 * signature-format.md, "Associations"); the store only records which signatures carry them.
 */
public enum Association {
    /** Later flows of the same transport from the same client address and port belong to the application. */
    CLIENT_PORT("client_port"),
    /** Later flows of either transport to the same server address and port belong to the application. */
    SERVER_ENDPOINT("server_endpoint");

    private final String jsonName;

    Association(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** @return the association, or null when {@code s} names none */
    public static Association fromJson(String s) {
        for (Association a : values()) {
            if (a.jsonName.equals(s)) {
                return a;
            }
        }
        return null;
    }
}
