package org.chatdissect.model;

/** What a signature matches on; derived from its flow type and which of fields, keywords and servers it has. */
public enum SignatureForm {
    /** DNS, HTTP, TLS: keywords in protocol fields (section III-A1). */
    KEYWORDS,
    /** TCP, UDP: fields in the first {@code scope} payload bytes (section III-A2/3). */
    HEADER,
    /** TCP: the first line of a text message, {@code text.line} keywords (format version 2). */
    TEXT,
    /** TCP, UDP: the server address and port alone, for payloads with nothing to match (format version 2). */
    ENDPOINT;

    /** True for the forms format version 1 cannot express. */
    public boolean needsVersion2() {
        return this == TEXT || this == ENDPOINT;
    }
}
