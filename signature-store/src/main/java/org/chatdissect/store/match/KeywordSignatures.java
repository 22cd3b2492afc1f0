package org.chatdissect.store.match;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;

/**
 * The reference semantics of keyword (DNS, HTTP, TLS) signatures (docs/signature-format.md, "Matching"):
 *
 * <ul>
 *   <li>a DNS flow matches when its query name contains a dns.qname keyword;
 *   <li>an HTTP flow matches when its Host contains an http.host keyword, or its User-Agent an http.user_agent
 *       keyword, or its Referer an http.referer keyword;
 *   <li>a TLS flow matches when its SNI contains a tls.sni keyword;
 *   <li>host names (dns.qname, http.host, tls.sni) are compared in lower case, with a trailing dot removed; the other
 *       fields are compared as they are;
 *   <li>in a matching HTTP flow, the task is named by the longest http.url keyword with a task contained in the
 *       URL; failing that, by the longest http.host keyword with a task contained in the Host; failing that, by an
 *       http.method keyword with a task equal to the method (most specific evidence first).
 * </ul>
 * The attributes map holds what the flow has (a missing or null entry never matches).
 */
public final class KeywordSignatures {
    private KeywordSignatures() {}

    public static boolean matches(Signature sig, FlowType flowType, Map<KeywordField, String> attributes) {
        if (sig.isHeaderSignature()) {
            throw new IllegalArgumentException(sig.id() + " is a " + sig.flowType() + " signature, not a keyword one");
        }
        if (flowType != sig.flowType()) {
            return false;
        }
        for (Keyword k : sig.keywords()) {
            if (k.field().identifiesApp() && contains(k, attributes.get(k.field()))) {
                return true;
            }
        }
        return false;
    }

    /** The task an HTTP flow's URL or method names, when the flow matches {@code sig}. */
    public static Optional<String> task(Signature sig, FlowType flowType, Map<KeywordField, String> attributes) {
        if (!matches(sig, flowType, attributes)) {
            return Optional.empty();
        }
        for (KeywordField field : List.of(KeywordField.HTTP_URL, KeywordField.HTTP_HOST, KeywordField.HTTP_METHOD)) {
            Keyword best = null;
            String v = attributes.get(field);
            for (Keyword k : sig.keywords()) {
                if (k.task() == null || k.field() != field) {
                    continue;
                }
                boolean hit = field == KeywordField.HTTP_METHOD ? k.value().equals(v) : contains(k, v);
                if (hit && (best == null || k.value().length() > best.value().length())) {
                    best = k;
                }
            }
            if (best != null) {
                return Optional.of(best.task());
            }
        }
        return Optional.empty();
    }

    /** The form a flow attribute is compared in: host names lower case without a trailing dot. */
    public static String normalize(KeywordField field, String value) {
        if (value == null || !field.isHostName()) {
            return value;
        }
        String v = value.toLowerCase(Locale.ROOT);
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }

    private static boolean contains(Keyword k, String value) {
        String v = normalize(k.field(), value);
        return v != null && v.contains(k.value());
    }
}
