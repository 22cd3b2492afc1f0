package org.chatdissect.match.report;

import java.util.Map;

/**
 * One line of {@code users.jsonl}: a user session (a private IP until 60 idle minutes). {@code transferS}
 * counts 1-second bins with traffic, {@code activeS} seconds with at least one active flow.
 */
public record UserRow(
        String user,
        int session,
        double start,
        double end,
        long bytesUp,
        long bytesDown,
        Map<String, AppUsage> apps,
        double transferS,
        double activeS) {

    public UserRow {
        apps = apps == null ? Map.of() : Map.copyOf(apps);
    }

    public long bytes() {
        return bytesUp + bytesDown;
    }

    /** The session's use of {@code app}, or null when the session never touched it. */
    public AppUsage usage(String app) {
        return apps.get(app);
    }

    /** Per-application part of a session. */
    public record AppUsage(long bytesUp, long bytesDown, double transferS, double activeS) {
        public long bytes() {
            return bytesUp + bytesDown;
        }
    }
}
