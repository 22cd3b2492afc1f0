package org.chatdissect.datasets.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.zoo.ZooProtocol.Field;
import org.chatdissect.datasets.zoo.ZooProtocol.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedSameBytesOtherSeedOtherProtocol() throws Exception {
        GeneratedCapture a = Zoo.generate(7, tmp.resolve("a"));
        GeneratedCapture b = Zoo.generate(7, tmp.resolve("b"));
        assertArrayEquals(Files.readAllBytes(a.pcap()), Files.readAllBytes(b.pcap()));
        assertArrayEquals(Files.readAllBytes(a.manifest()), Files.readAllBytes(b.manifest()));
        assertNotEquals(ZooProtocol.draw(7).toString(), ZooProtocol.draw(8).toString());
        assertTrue(a.frames() > 200, "a capture of some size: " + a.frames() + " frames");
        List<String> manifest = Files.readAllLines(a.manifest());
        Set<String> tasks = new HashSet<>();
        manifest.stream().skip(1).forEach(l -> tasks.add(l.split(",")[2]));
        assertEquals(new HashSet<>(ZooProtocol.draw(7).tasks), tasks, "every user task ran and is in the manifest");
    }

    @Test
    void messagesCarryTheirFieldsAsDrawn() {
        SplittableRandom r = new SplittableRandom(1);
        for (long seed = 1; seed <= 200; seed++) {
            ZooProtocol p = ZooProtocol.draw(seed);
            byte[] req = p.message(true, p.tasks.get(0), 0x01020304L, 77, 99, 10, r);
            byte[] resp = p.message(false, p.tasks.get(0), 0x01020304L, 77, 99, 30, r);
            assertEquals(p.headerLength + 10, req.length);
            for (Field f : p.header) {
                long q = read(req, f);
                switch (f.kind()) {
                    case LENGTH -> assertEquals(req.length - f.adjust(), q, p.toString());
                    case OPCODE -> assertEquals(p.opcodes.get(p.tasks.get(0)).longValue(), q, p.toString());
                    case REQRESP -> assertNotEquals(q, read(resp, f), p.toString());
                    case SEQUENCE -> assertEquals(read(resp, f), q, "a response echoes the sequence number");
                    case MAGIC, VERSION -> assertEquals(q, read(resp, f));
                    default -> { }
                }
            }
            assertEquals(p.opcodes.size(), new HashSet<>(p.opcodes.values()).size(), "opcodes are distinct");
        }
    }

    @Test
    void theZooCoversWhatItClaims() {
        Set<Kind> first = EnumSet.noneOf(Kind.class);
        boolean[] endian = new boolean[2];
        boolean[] transport = new boolean[2];
        Set<Integer> widths = new HashSet<>();
        for (long seed = 1; seed <= 200; seed++) {
            ZooProtocol p = ZooProtocol.draw(seed);
            first.add(p.header.get(0).kind());
            transport[p.tcp ? 1 : 0] = true;
            for (Field f : p.header) {
                widths.add(f.length());
                if (f.length() > 1) {
                    endian[f.little() ? 1 : 0] = true;
                }
            }
            if (p.tcp) {
                assertTrue(p.field(Kind.LENGTH) != null, "a TCP protocol frames its messages by a length");
            }
        }
        assertEquals(EnumSet.allOf(Kind.class), first, "every kind of field leads some header");
        assertTrue(endian[0] && endian[1] && transport[0] && transport[1]);
        assertEquals(Set.of(1, 2, 3, 4), widths);
        assertTrue(Zoo.tuning(1) && !Zoo.tuning(Zoo.TEST_FROM));
    }

    private static long read(byte[] m, Field f) {
        long v = 0;
        for (int i = 0; i < f.length(); i++) {
            int b = m[f.offset() + (f.little() ? f.length() - 1 - i : i)] & 0xff;
            v = (v << 8) | b;
        }
        return v;
    }
}
