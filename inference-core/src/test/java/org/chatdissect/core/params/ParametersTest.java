package org.chatdissect.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParametersTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTableTwo() {
        Parameters p = Parameters.defaults();
        assertEquals(4, p.lcsMinLength());
        assertEquals(0.05, p.lcsMinCoverage());
        assertEquals(10, p.veWindow());
        assertEquals(6, p.veMinVotes());
        assertEquals(4, p.veMaxFieldLength());
        assertEquals(0.10, p.segmentMinCoverage());
        assertEquals(3, p.reqrespMaxRun());
        assertEquals(0.99, p.lengthMinCorrelation());
        assertEquals(0.5, p.opcodeMaxEntropy());
        assertEquals(1.0, p.triggerMaxGapSeconds());
        assertEquals(100, p.triggerMinRatio());
        assertEquals(Parameters.KEYS, List.copyOf(p.toMap().keySet()));
    }

    @Test
    void fileThenOverrides() throws Exception {
        Path f = dir.resolve("params.txt");
        Files.writeString(f, "# comment\nve.window=8\nsegment.scope=ALL\nsegment.refine=field_types\n");
        Parameters p = Parameters.load(f, Map.of("ve.window", "12"));
        assertEquals(12, p.veWindow());
        assertEquals(0, p.segmentScope());
        assertEquals("ALL", p.toMap().get("segment.scope"));
        assertEquals(Parameters.Refine.FIELD_TYPES, p.segmentRefine());
    }

    @Test
    void unknownKeyNamesItAndSuggests() throws Exception {
        Path f = dir.resolve("params.txt");
        Files.writeString(f, "ve.windw=8\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Parameters.load(f, Map.of()));
        assertEquals("params.txt: unknown parameter 've.windw' (did you mean 've.window'?)", e.getMessage());
    }

    @Test
    void badValuesFailFast() {
        var e = assertThrows(IllegalArgumentException.class, () -> Parameters.fromOverrides(List.of("ve.window=ten")));
        assertEquals("override: parameter 've.window' expects an integer, got 'ten'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Parameters.fromOverrides(List.of("lcs.min_coverage=2")));
        assertEquals("override: parameter 'lcs.min_coverage' must be in (0,1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Parameters.fromOverrides(List.of("segment.refine=magic")));
        assertEquals("override: parameter 'segment.refine' expects one of [none, field_types], got 'magic'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parameters.fromOverrides(List.of("novalue")));
    }
}
