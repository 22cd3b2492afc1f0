package org.chatdissect.match.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code summary.json}: packet accounting of the classifier run. */
public record Summary(
        long packetsRead,
        long packetsClassified,
        long packetsUnknown,
        long packetsUndecoded,
        Map<String, Long> undecoded,
        List<String> files) {

    public Summary {
        // sorted so the report lists reasons in the same order on every run
        undecoded = undecoded == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(undecoded));
        files = files == null ? List.of() : List.copyOf(files);
    }
}
