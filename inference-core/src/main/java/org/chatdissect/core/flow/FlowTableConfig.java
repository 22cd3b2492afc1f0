package org.chatdissect.core.flow;

/**
 * Parameters of the flow table.
 *
 * @param tcpIdleTimeoutNanos a TCP flow with no packet for this long ends (default 30 min)
 * @param udpIdleTimeoutNanos a UDP flow with no packet for this long ends (default 1 min)
 * @param tcpClosingTimeoutNanos a TCP flow that has seen a FIN but not the full close ends after this
 *     idle time (default 2 min, capped by the TCP idle timeout)
 * @param maxFlows live flows beyond this evict the least recently active one
 * @param maxBufferedBytes out-of-order TCP bytes buffered per direction before a hole is skipped
 * @param maxBufferedSegments out-of-order TCP segments buffered per direction before a hole is skipped
 */
public record FlowTableConfig(long tcpIdleTimeoutNanos, long udpIdleTimeoutNanos, long tcpClosingTimeoutNanos,
                              int maxFlows, int maxBufferedBytes, int maxBufferedSegments) {
    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    public static final int DEFAULT_MAX_FLOWS = 1_000_000;

    public FlowTableConfig {
        if (tcpIdleTimeoutNanos <= 0 || udpIdleTimeoutNanos <= 0 || tcpClosingTimeoutNanos <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxFlows < 1 || maxBufferedBytes < 0 || maxBufferedSegments < 0) {
            throw new IllegalArgumentException("maxFlows must be at least 1 and buffer bounds non-negative");
        }
        tcpClosingTimeoutNanos = Math.min(tcpClosingTimeoutNanos, tcpIdleTimeoutNanos);
    }

    public static FlowTableConfig defaults() {
        return of(1800, 60, DEFAULT_MAX_FLOWS);
    }

    /** Timeouts in seconds; closing timeout and buffer bounds at their defaults. */
    public static FlowTableConfig of(long tcpTimeoutSeconds, long udpTimeoutSeconds, int maxFlows) {
        return new FlowTableConfig(tcpTimeoutSeconds * NANOS_PER_SECOND, udpTimeoutSeconds * NANOS_PER_SECOND,
                120 * NANOS_PER_SECOND, maxFlows, 256 * 1024, 64);
    }
}
