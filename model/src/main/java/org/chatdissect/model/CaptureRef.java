package org.chatdissect.model;

import java.util.Objects;

/** A capture a signature was learned from: its file name, SHA-256 (lower-case hex) and packet count. */
public record CaptureRef(String file, String sha256, long packets) {
    public CaptureRef {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }
}
