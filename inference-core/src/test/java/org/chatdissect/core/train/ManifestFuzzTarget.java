package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatdissect.core.semantics.ManifestEntry;

/**
 * Coverage-guided fuzzing (Jazzer) of the manifest reader: whatever the bytes, reading gives entries with finite
 * times, end not before start and a task name, or an {@link IOException} with a one-line message; nothing else
 * escapes. Inputs under {@code src/test/resources/.../ManifestFuzzTargetInputs/} run in every build; to fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -o test -pl inference-core -Dtest=ManifestFuzzTarget}.
 */
class ManifestFuzzTarget {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("chatdissect-fuzz", ".csv");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void readingAnyManifestKeepsTheContract(byte[] data) throws IOException {
        Files.write(FILE, data);
        try {
            for (ManifestReader.Line l : ManifestReader.read(FILE)) {
                ManifestEntry e = l.entry();
                assertTrue(Double.isFinite(e.start()) && Double.isFinite(e.end()) && e.end() >= e.start(), e.toString());
                assertFalse(e.task() == null || e.task().isEmpty(), e.toString());
            }
        } catch (IOException e) {
            assertFalse(e.getMessage() == null || e.getMessage().contains("\n"), "not one line: " + e.getMessage());
        }
    }
}
