package org.chatdissect.model;


/** The protocol fields a keyword signature can look at (section III-A1). */
public enum KeywordField {
    DNS_QNAME("dns.qname", FlowType.DNS),
    HTTP_HOST("http.host", FlowType.HTTP),
    HTTP_REFERER("http.referer", FlowType.HTTP),
    HTTP_USER_AGENT("http.user_agent", FlowType.HTTP),
    HTTP_METHOD("http.method", FlowType.HTTP),
    HTTP_URL("http.url", FlowType.HTTP),
    TLS_SNI("tls.sni", FlowType.TLS),
    /** The first line of a text message (before CR LF) on a TCP flow: text signatures, format version 2. */
    TEXT_LINE("text.line", FlowType.TCP);

    private final String jsonName;
    private final FlowType flowType;

    KeywordField(String jsonName, FlowType flowType) {
        this.jsonName = jsonName;
        this.flowType = flowType;
    }

    public String jsonName() {
        return jsonName;
    }

    /** True for fields whose keywords may carry a {@code task}. */
    public boolean namesTasks() {
        return this == HTTP_URL || this == HTTP_METHOD || this == TEXT_LINE;
    }

    /** The flow type whose signatures may use this field. */
    public FlowType flowType() {
        return flowType;
    }

    /** True for fields holding a host name, compared case-insensitively and stored in lower case. */
    public boolean isHostName() {
        return switch (this) {
            case DNS_QNAME, HTTP_HOST, TLS_SNI -> true;
            case HTTP_REFERER, HTTP_USER_AGENT, HTTP_METHOD, HTTP_URL, TEXT_LINE -> false;
        };
    }

    /**
     * True for fields whose keywords identify the application (the others only name tasks). A text line does both:
     * it identifies the application and, with a {@code task}, names the message's task like an opcode.
     */
    public boolean identifiesApp() {
        return switch (this) {
            case DNS_QNAME, HTTP_HOST, HTTP_REFERER, HTTP_USER_AGENT, TLS_SNI, TEXT_LINE -> true;
            case HTTP_METHOD, HTTP_URL -> false;
        };
    }

    /** @return the field, or null when {@code s} names none */
    public static KeywordField fromJson(String s) {
        for (KeywordField v : values()) {
            if (v.jsonName.equals(s)) {
                return v;
            }
        }
        return null;
    }
}
