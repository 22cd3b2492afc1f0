package org.chatdissect.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a signature comes from: the captures, the inference parameters, the software and a creation time.
 *
 * @param created an ISO-8601 instant ({@code 2026-11-21T00:00:00Z}); see {@link #createdTime}
 */
public record Provenance(List<CaptureRef> captures, SortedMap<String, String> parameters, String software,
        String created) {
    public Provenance {
        captures = captures == null ? List.of() : List.copyOf(captures);
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters == null ? Map.of() : parameters));
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(created, "created");
    }

    /**
     * The creation time to record, for reproducible builds: SOURCE_DATE_EPOCH (seconds since the epoch) when the
     * environment sets it, else {@code producerTime} (the trainer passes its newest training packet's time). The
     * store never reads the clock.
     *
     * @throws IllegalArgumentException when SOURCE_DATE_EPOCH is set but not a non-negative integer
     */
    public static String createdTime(Map<String, String> environment, Instant producerTime) {
        String sde = environment.get("SOURCE_DATE_EPOCH");
        if (sde != null && !sde.isBlank()) {
            long secs;
            try {
                secs = Long.parseLong(sde.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SOURCE_DATE_EPOCH '" + sde + "' is not a number of seconds");
            }
            if (secs < 0) {
                throw new IllegalArgumentException("SOURCE_DATE_EPOCH '" + sde + "' is negative");
            }
            return Instant.ofEpochSecond(secs).toString();
        }
        return Objects.requireNonNull(producerTime, "producerTime").toString();
    }

    /** {@link #createdTime(Map, Instant)} with the process environment. */
    public static String createdTime(Instant producerTime) {
        return createdTime(System.getenv(), producerTime);
    }
}
