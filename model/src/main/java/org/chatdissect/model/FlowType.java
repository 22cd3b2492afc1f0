package org.chatdissect.model;

/** The flow types of the paper (section II-B), plus TLS, which the paper folds into TCP. */
public enum FlowType {
    DNS, HTTP, TLS, TCP, UDP;

    public String jsonName() {
        return name();
    }
}
