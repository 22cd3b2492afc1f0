package org.chatdissect.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir
    Path dir;

    @Test
    void nothingUnderTheFinalNameBeforeTheCommit() throws IOException {
        Path out = dir.resolve("flows.jsonl");
        try (AtomicOutput o = AtomicOutput.to(out)) {
            try (OutputStream s = o.stream()) {
                s.write("half".getBytes());
            }
            assertFalse(Files.exists(out));
            assertEquals(dir.resolve(".flows.jsonl.part"), o.path());
            assertTrue(Files.exists(o.path()));
            o.commit();
        }
        assertEquals("half", Files.readString(out));
        assertEquals(List.of(out), list());
    }

    @Test
    void aFailedWriteKeepsTheEarlierOutputAndLeavesNoTemporary() throws IOException {
        Path out = dir.resolve("sig.json");
        Files.writeString(out, "earlier");
        try (AtomicOutput o = AtomicOutput.to(out)) {
            try (OutputStream s = o.stream()) {
                s.write("cut mid-obj".getBytes());
            }
            // no commit: the command failed
        }
        assertEquals("earlier", Files.readString(out));
        assertEquals(List.of(out), list());
    }

    @Test
    void writeReplacesWhole() throws IOException {
        Path out = dir.resolve("x.lua");
        Files.writeString(out, "a much longer earlier content");
        AtomicOutput.write(out, new byte[] {'n', 'e', 'w'});
        assertArrayEquals(new byte[] {'n', 'e', 'w'}, Files.readAllBytes(out));
        assertEquals(List.of(out), list());
    }

    @Test
    void anUnwritableOutputIsNamedWithTheReason() {
        IOException missing = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> AtomicOutput.to(dir.resolve("no").resolve("x.json")));
        assertEquals(dir.resolve("no").resolve("x.json") + ": cannot write: no directory " + dir.resolve("no"),
                missing.getMessage());
        IOException isDir = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AtomicOutput.to(dir));
        assertEquals(dir + ": cannot write: it is a directory", isDir.getMessage());
    }

    private List<Path> list() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
