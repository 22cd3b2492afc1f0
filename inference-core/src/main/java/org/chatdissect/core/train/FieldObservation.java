package org.chatdissect.core.train;

/**
 * One value of an inspected DNS/HTTP/TLS field, with when and by whom it was sent (the manifest
 * correlation of URLs needs both).
 */
record FieldObservation(String field, String value, double timeSeconds, String client) {}
