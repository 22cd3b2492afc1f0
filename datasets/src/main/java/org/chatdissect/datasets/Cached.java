package org.chatdissect.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A file or directory that slow tests make once and keep under {@code target/} (generated traces, trained
 * signatures), made again when the code that made it has changed. Beside it lies a stamp: the SHA-256 of the class
 * files of the makers' code sources (a module's {@code target/classes} or its jar). A cache keyed on its existence
 * alone outlives a change of a generator or of the trainer, and then hides a regression from every run but a clean
 * clone's.
 */
public final class Cached {
    /** Makes the cached file or directory at the given path (which does not exist when it is called). */
    @FunctionalInterface
    public interface Maker {
        void make(Path target) throws IOException;
    }

    private static final Map<Path, String> SOURCES = new ConcurrentHashMap<>();

    private Cached() {}

    /**
     * The cached {@code target}, made by {@code maker} unless it exists with a stamp of the current code of
     * {@code makers} (the classes whose modules decide its content).
     */
    public static synchronized Path get(Path target, Maker maker, Class<?>... makers) throws IOException {
        Path stamp = target.resolveSibling("." + target.getFileName() + ".made-by");
        String want = fingerprint(makers);
        if (Files.exists(target) && Files.exists(stamp)
                && Files.readString(stamp, StandardCharsets.UTF_8).equals(want)) {
            return target;
        }
        Files.deleteIfExists(stamp);
        delete(target);
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        maker.make(target);
        Files.writeString(stamp, want, StandardCharsets.UTF_8);
        return target;
    }

    /**
     * A generated trace directory (see {@link Generate#run}), made again when the generators changed.
     *
     * @return {@code dir}
     */
    public static Path trace(Path dir, Scenario scenario, App app, long seed, long size, java.util.Set<String> leftOut)
            throws IOException {
        return get(dir, d -> Generate.run(scenario, app, seed, d, size, leftOut), Generate.class);
    }

    /** SHA-256 over the code sources of the given classes, each source once, in name order. */
    static String fingerprint(Class<?>... makers) {
        TreeSet<Path> sources = new TreeSet<>();
        for (Class<?> c : makers) {
            try {
                sources.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("no code source for " + c.getName(), e);
            }
        }
        MessageDigest all = sha256();
        for (Path s : sources) {
            all.update(SOURCES.computeIfAbsent(s, Cached::digest).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private static String digest(Path source) {
        MessageDigest d = sha256();
        try {
            if (Files.isDirectory(source)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(source)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
                files.sort(Comparator.comparing(p -> source.relativize(p).toString()));
                for (Path f : files) {
                    d.update(source.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    d.update(Files.readAllBytes(f));
                }
            } else {
                d.update(Files.readAllBytes(source));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
