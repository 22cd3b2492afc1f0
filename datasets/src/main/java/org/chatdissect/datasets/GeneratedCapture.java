package org.chatdissect.datasets;

import java.nio.file.Path;

/** Paths written by one generation run; {@code manifest} exists for the controlled scenario only (else null). */
public record GeneratedCapture(Path dir, Path pcap, Path manifest, Path truthFlows, Path truthMessages,
                               long frames, long bytes) {}
