package org.chatdissect.core.semantics;

/** A task performed in a controlled experiment, between {@code start} and {@code end} seconds (capture clock). */
public record ManifestEntry(double start, double end, String task, String client) {}
