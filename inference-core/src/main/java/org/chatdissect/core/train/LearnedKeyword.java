package org.chatdissect.core.train;

/**
 * A keyword of an inspected field (section III-A1): {@code field} is one of dns.qname, http.host,
 * http.referer, http.user_agent, http.method, http.url, tls.sni; {@code task} is set when the manifest
 * ties the keyword (a URL) to a task.
 */
public record LearnedKeyword(String field, String value, double coverage, String task) {}
