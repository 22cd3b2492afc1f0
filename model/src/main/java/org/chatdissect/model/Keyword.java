package org.chatdissect.model;

import java.util.Objects;

/**
 * A keyword of a DNS/HTTP/TLS signature: a substring of {@code field}.
 *
 * @param coverage the share of training flows of this signature whose field contains the value, 0..1
 * @param task     the task the keyword names (http.url and http.method keywords), or null
 * @param service  the service of that task, as the manifest gave it, or null
 */
public record Keyword(KeywordField field, String value, double coverage, String task, String service) {
    public Keyword {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
    }

    /** A keyword whose task has no service. */
    public Keyword(KeywordField field, String value, double coverage, String task) {
        this(field, value, coverage, task, null);
    }
}
