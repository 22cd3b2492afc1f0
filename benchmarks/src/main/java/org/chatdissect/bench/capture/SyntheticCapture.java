package org.chatdissect.bench.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic synthetic pcap of Ethernet/IPv4 frames: 70% TCP, 25% UDP, 5% 802.1Q-tagged TCP,
 * payloads of 0..1400 bytes (mean about 600), 4096 flows. Workload of the capture reading benchmark.
 */
public final class SyntheticCapture {
    private SyntheticCapture() {}

    /** Writes frames until the file reaches {@code bytes}; returns the number of frames written. */
    public static long write(Path file, long bytes, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteBuffer frame = ByteBuffer.allocate(2048).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        byte[] filler = new byte[1500];
        rnd.nextBytes(filler);
        long frames = 0;
        long size = 24;
        long ts = 1_700_000_000_000_000L; // microseconds
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
            while (size < bytes) {
                frame.clear();
                int kind = rnd.nextInt(100);
                int flow = rnd.nextInt(4096);
                int payload = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1401);
                frame.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10});
                if (kind >= 95) {
                    frame.putShort((short) 0x8100).putShort((short) 42);
                }
                frame.putShort((short) 0x0800);
                boolean udp = kind >= 70 && kind < 95;
                int l4 = udp ? 8 : 20;
                frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4 + payload)).putShort((short) frames)
                        .putShort((short) 0x4000).put((byte) 64).put((byte) (udp ? 17 : 6)).putShort((short) 0);
                frame.putInt(0x0A000000 | flow).putInt(0xC0A80001);
                if (udp) {
                    frame.putShort((short) (10000 + flow)).putShort((short) 53).putShort((short) (8 + payload))
                            .putShort((short) 0);
                } else {
                    frame.putShort((short) (10000 + flow)).putShort((short) 443).putInt((int) frames).putInt(7)
                            .put((byte) 0x50).put((byte) 0x18).putShort((short) 65535).putInt(0);
                }
                frame.put(filler, 0, payload);
                int len = frame.position();
                ts += 1 + rnd.nextInt(50);
                rec.clear();
                rec.putInt((int) (ts / 1_000_000)).putInt((int) (ts % 1_000_000)).putInt(len).putInt(len);
                out.write(rec.array());
                out.write(frame.array(), 0, len);
                size += 16 + len;
                frames++;
            }
        }
        return frames;
    }
}
