package org.chatdissect.store.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.validate.SignatureValidator;

/**
 * Coverage-guided fuzzing (Jazzer) of the signature file reader and its validation: whatever the bytes, reading gives
 * a valid set or a one-line {@link SignatureFileException}, never another exception; a set that reads is one the
 * validator accepts, and writing it back and reading again gives the same set.
 *
 * <p>In every build the inputs under {@code src/test/resources/.../SignatureFileFuzzTargetInputs/} run as regression
 * tests; to fuzz: {@code JAZZER_FUZZ=1 ./mvnw -o test -pl signature-store -Dtest=SignatureFileFuzzTarget}.
 */
class SignatureFileFuzzTarget {
    @FuzzTest(maxDuration = "5m")
    void readingAnyFileKeepsTheContract(byte[] data) {
        SignatureSet set;
        try {
            set = SignatureJson.read(new ByteArrayInputStream(data), "fuzz.json");
        } catch (SignatureFileException e) {
            assertFalse(e.getMessage() == null || e.getMessage().contains("\n"), "not one line: " + e.getMessage());
            return;
        }
        assertEquals(java.util.List.of(), SignatureValidator.problems(set), "read but invalid");
        try {
            assertEquals(set, SignatureJson.parse(SignatureJson.toJson(set), "again.json"), "not the same after a round trip");
        } catch (SignatureFileException e) {
            throw new AssertionError("written file does not read back: " + e.getMessage(), e);
        }
    }
}
