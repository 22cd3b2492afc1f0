package org.chatdissect.core.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic mutation fuzzing of real captures: whatever the damage, reading ends normally or with
 * a one-line CaptureFormatException, and every frame read lands in exactly one bucket.
 */
class CaptureFuzzTest {
    static final long SEED = 20150615L;
    static final int ITERATIONS = 240;
    static final List<String> SEEDS = List.of("dns_fragmented.pcap", "http2.pcapng", "android.pcap",
            "hsrp2_ipv6.pcapng", "KakaoTalk_chat.pcap", "dnscrypt-v1-and-resolver-pings.pcap");

    @TempDir
    Path tmp;

    @Test
    void mutatedCapturesNeverEscapeTheContract() throws IOException {
        Path dir = CaptureSharedFilesTest.sharedCaptures();
        Random rnd = new Random(SEED);
        int formatErrors = 0;
        long frames = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] orig = Files.readAllBytes(dir.resolve(SEEDS.get(i % SEEDS.size())));
            // Keep the inputs small so 240 runs stay fast; damage is concentrated near headers.
            byte[] b = Arrays.copyOf(orig, Math.min(orig.length, 64 * 1024));
            int flips = 1 + rnd.nextInt(12);
            for (int k = 0; k < flips; k++) {
                int pos = rnd.nextInt(4) == 0 ? rnd.nextInt(Math.min(b.length, 256)) : rnd.nextInt(b.length);
                b[pos] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : (byte) (b[pos] ^ (1 << rnd.nextInt(8)));
            }
            if (rnd.nextInt(5) == 0) {
                b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            }
            Path f = tmp.resolve("fuzz-" + i);
            Files.write(f, rnd.nextInt(6) == 0 ? TestCaptures.gzip(b) : b);
            CaptureStats stats = new CaptureStats();
            PacketDecoder dec = new PacketDecoder(stats);
            PacketRecord rec = new PacketRecord();
            DecodedPacket out = new DecodedPacket();
            try (PacketSource src = CaptureReader.open(List.of(f), stats)) {
                while (src.next(rec)) {
                    if (dec.decode(rec, out)) {
                        assertTrue(out.payloadOffset >= 0 && out.payloadLength >= 0
                                && out.payloadOffset + out.payloadLength <= out.payload.length, "iteration " + i);
                        assertTrue(out.payloadLength <= out.payloadWireLength, "iteration " + i);
                    }
                }
            } catch (CaptureFormatException e) {
                assertFalse(e.getMessage().contains("\n"));
                formatErrors++;
            }
            dec.finish();
            assertTrue(stats.balanced(), "iteration " + i + ": " + stats);
            frames += stats.packetsRead;
        }
        System.out.println("fuzz: " + ITERATIONS + " mutated files, " + formatErrors + " rejected as not captures, "
                + frames + " frames read");
        assertTrue(frames > 0);
    }
}
