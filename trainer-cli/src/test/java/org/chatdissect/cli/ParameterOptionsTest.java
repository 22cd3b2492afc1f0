package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.core.params.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order docs/cli.md promises: the preset, then every line of --params, then --set; a later one wins. */
class ParameterOptionsTest {
    @TempDir
    Path tmp;

    private static ParameterOptions options(String preset, Path file, String... sets) {
        ParameterOptions o = new ParameterOptions();
        o.preset = preset;
        o.paramsFile = file;
        o.overrides = List.of(sets);
        return o;
    }

    @Test
    void aFileValueEqualToThePapersDefaultStillOverridesTheImprovedPreset() throws Exception {
        assertEquals(Parameters.Refine.FIELD_TYPES, Parameters.improved().segmentRefine(), "premise");
        Path f = Files.writeString(tmp.resolve("p.properties"), "segment.refine=none\n");
        Parameters p = options("improved", f).resolve();
        assertEquals(Parameters.Refine.NONE, p.segmentRefine());
        // the preset's other values stay
        assertEquals(Parameters.improved().opcodeMaxEntropy(), p.opcodeMaxEntropy());
    }

    @Test
    void setWinsOverTheFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("p.properties"), "ve.window=5\n");
        assertEquals(5, options("paper", f).resolve().veWindow());
        assertEquals(7, options("paper", f, "ve.window=7").resolve().veWindow());
    }

    @Test
    void aBinaryParametersFileIsOneClearLine() throws Exception {
        Path f = Files.write(tmp.resolve("p.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        UserException e = assertThrows(UserException.class, () -> options("paper", f).resolve());
        assertTrue(e.getMessage().contains("p.bin") && e.getMessage().contains("not a UTF-8 text file"), e.getMessage());
    }
}
