package org.chatdissect.datasets.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.GeneratedCapture;

/**
 * The protocol zoo: for a seed, a random binary protocol ({@link ZooProtocol}) and a controlled capture of it with
 * its manifest and truth, as {@link Generate} writes them for the simulated apps, plus {@code protocol.txt} (the
 * drawn layout). Seeds below {@link #TEST_FROM} are the tuning range; the test range is reported, never tuned on.
 */
public final class Zoo {
    /** First seed of the test range; seeds 1 .. TEST_FROM-1 are for tuning. */
    public static final long TEST_FROM = 100_001;
    public static final String PROTOCOL = "protocol.txt";

    private Zoo() {}

    /** Whether a seed is in the tuning range. */
    public static boolean tuning(long seed) {
        return seed < TEST_FROM;
    }

    /** Writes the controlled capture of the seed's protocol into {@code outDir}; same seed, same bytes. */
    public static GeneratedCapture generate(long seed, Path outDir) {
        return generate(seed, outDir, 0, 0);
    }

    /**
     * A capture of the seed's protocol whose devices all run client version {@code version}, in lab session
     * {@code session} ({@code 0, 0}: the capture of {@link #generate(long, Path)}). Another version or session is
     * another lab session: other devices, users, flows and task times, drawn from the seed, the version and the
     * session; only the protocol is the same.
     */
    public static GeneratedCapture generate(long seed, Path outDir, int version, int session) {
        ZooProtocol proto = ZooProtocol.draw(seed);
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(PROTOCOL), proto + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long salt = 1000L * version + session;
        long captureSeed = salt == 0 ? seed : seed ^ (0x9E37_79B9_7F4A_7C15L * salt);
        // several devices, as in a lab: a per-device value (the user id) then varies and cannot pass for a constant
        return Generate.controlled(outDir, captureSeed, ZooClient.APP, master -> 2 + master.nextInt(2),
                (ctx, dev, d) -> new ZooClient(ctx, dev, proto, version), Set.of());
    }
}
