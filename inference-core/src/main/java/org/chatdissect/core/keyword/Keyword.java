package org.chatdissect.core.keyword;

/** A keyword and the share of observed values that contain it. */
public record Keyword(String value, double coverage) {}
