package org.chatdissect.core.keyword;

/** A keyword and the share of observed values that contain it. */
public record KeywordCandidate(String value, double coverage) {}
