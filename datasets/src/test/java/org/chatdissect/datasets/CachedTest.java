package org.chatdissect.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedTest {
    @TempDir
    Path tmp;

    @Test
    void madeOnceThenKeptUntilTheMakersCodeChanges() throws Exception {
        Path target = tmp.resolve("traces").resolve("t");
        AtomicInteger made = new AtomicInteger();
        Cached.Maker maker = d -> {
            Files.createDirectories(d);
            Files.writeString(d.resolve("n"), "run " + made.incrementAndGet());
        };
        Cached.get(target, maker, Generate.class);
        Cached.get(target, maker, Generate.class);
        assertEquals(1, made.get(), "kept while the code is the same");

        // a stamp of other code: what a rebuilt generator leaves behind
        Path stamp = target.resolveSibling(".t.made-by");
        Files.writeString(stamp, "0".repeat(64));
        Files.writeString(target.resolve("stale"), "left by the old code");
        Cached.get(target, maker, Generate.class);
        assertEquals(2, made.get(), "made again after the code changed");
        assertFalse(Files.exists(target.resolve("stale")), "the old content is removed first");
        assertEquals("run 2", Files.readString(target.resolve("n")));

        // a cache without a stamp (made before stamps, or cut short) is not trusted
        Files.delete(stamp);
        Cached.get(target, maker, Generate.class);
        assertEquals(3, made.get());
    }

    @Test
    void theFingerprintCoversEachMakersCode() {
        String generators = Cached.fingerprint(Generate.class);
        assertEquals(generators, Cached.fingerprint(Generate.class, App.class), "one module, one source");
        assertNotEquals(generators, Cached.fingerprint(Generate.class, Test.class), "another module's code counts");
    }
}
