package org.chatdissect.core.capture;

import static org.chatdissect.core.capture.TestCaptures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
    @TempDir
    Path tmp;

    static final byte[] TCP_FRAME = eth(0x0800, ipv4(6, tcp(1000, 80, 5, 6, 0x18, payload(10, 1))));
    static final byte[] UDP_FRAME = eth(0x0800, ipv4(17, udp(53, 5353, payload(4, 2))));

    Path write(String name, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    /** Reads all frames (copied) and decodes them, checking the invariant. */
    static List<PacketRecord> readAll(List<Path> inputs, CaptureStats stats) throws IOException {
        List<PacketRecord> out = new ArrayList<>();
        PacketDecoder dec = new PacketDecoder(stats);
        PacketRecord r = new PacketRecord();
        DecodedPacket d = new DecodedPacket();
        try (PacketSource src = CaptureReader.open(inputs, stats)) {
            while (src.next(r)) {
                out.add(r.copy());
                dec.decode(r, d);
            }
        }
        dec.finish();
        assertTrue(stats.balanced(), stats.toString());
        return out;
    }

    @Test
    void classicPcapInBothByteOrdersAndResolutions() throws IOException {
        long t0 = 1_600_000_000_123_456_789L;
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (boolean nanos : new boolean[] {false, true}) {
                Path f = write("f-" + order + nanos + ".pcap", pcap(order, nanos, 1,
                        List.of(new Rec(t0, TCP_FRAME), new Rec(t0 + 1_000_000_000L, UDP_FRAME, 1500))));
                CaptureStats s = new CaptureStats();
                List<PacketRecord> recs = readAll(List.of(f), s);
                assertEquals(2, recs.size());
                long expect = nanos ? t0 : t0 / 1000 * 1000;
                assertEquals(expect, recs.get(0).timestampNanos, order + " " + nanos);
                assertEquals(expect + 1_000_000_000L, recs.get(1).timestampNanos);
                assertEquals(1, recs.get(0).frameNumber);
                assertEquals(2, recs.get(1).frameNumber);
                assertEquals(1, recs.get(0).linkType);
                assertArrayEquals(TCP_FRAME, Arrays.copyOfRange(recs.get(0).data, 0, recs.get(0).length));
                assertEquals(1500, recs.get(1).originalLength);
                assertEquals(UDP_FRAME.length, recs.get(1).length);
                assertEquals(2, s.packetsDecoded);
            }
        }
    }

    @Test
    void pcapngSectionsInterfacesResolutionsAndBlockKinds() throws IOException {
        byte[] raw = ipv4(17, udp(1, 2, payload(3, 3)));
        byte[] ng = new Pcapng()
                .shb(ByteOrder.LITTLE_ENDIAN)
                .idb(1, 0, -1, 0) // if 0: Ethernet, microseconds, no snaplen
                .idb(276, 0, 9, 100) // if 1: SLL2, nanoseconds, offset 100 s
                .other(4, 16) // name resolution block: skipped
                .epb(0, 1_500_000L, TCP_FRAME, TCP_FRAME.length) // 1.5 s in microseconds
                .epb(1, 2_000_000_007L, sll2(0x0800, raw), 9999)
                .other(5, 20) // interface statistics: skipped
                .other(0x40000BAD, 8) // custom block: skipped
                .other(0x1234567, 4) // unknown: skipped
                .spb(UDP_FRAME, UDP_FRAME.length) // interface 0, no timestamp of its own
                .obsoletePacket(0, 3_000_000L, UDP_FRAME)
                .shb(ByteOrder.BIG_ENDIAN) // new section: interfaces reset, other byte order
                .idb(101, 0, 0x80 | 20, 0) // raw IP, 2^-20 s units
                .epb(0, (5L << 20) | (1L << 19), raw, raw.length) // 5.5 s
                .bytes();
        Path f = write("multi.pcapng", ng);
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs = readAll(List.of(f), s);
        assertEquals(5, recs.size(), s.toString());
        assertEquals(1_500_000_000L, recs.get(0).timestampNanos);
        assertEquals(1, recs.get(0).linkType);
        assertEquals(102_000_000_007L, recs.get(1).timestampNanos);
        assertEquals(276, recs.get(1).linkType);
        assertEquals(9999, recs.get(1).originalLength);
        assertEquals(102_000_000_007L, recs.get(2).timestampNanos, "SPB keeps the last timestamp");
        assertEquals(1, recs.get(2).linkType);
        assertEquals(3_000_000_000L, recs.get(3).timestampNanos);
        assertEquals(101, recs.get(4).linkType);
        assertEquals(5_500_000_000L, recs.get(4).timestampNanos);
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, recs.get(i).frameNumber);
        }
        assertEquals(5, s.packetsDecoded, s.toString());
    }

    @Test
    void simplePacketBlockUsesTheSnaplenOfInterfaceZero() throws IOException {
        byte[] ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 40, -1, 0).spb(TCP_FRAME, TCP_FRAME.length)
                .bytes();
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs = readAll(List.of(write("spb.pcapng", ng)), s);
        assertEquals(40, recs.get(0).length);
        assertEquals(TCP_FRAME.length, recs.get(0).originalLength);
    }

    @Test
    void packetOnAnUndeclaredInterfaceIsCountedAndReadingGoesOn() throws IOException {
        byte[] ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 0, -1, 0).epb(3, 1, TCP_FRAME, TCP_FRAME.length)
                .epb(0, 2, TCP_FRAME, TCP_FRAME.length).bytes();
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs = readAll(List.of(write("badif.pcapng", ng)), s);
        assertEquals(1, recs.size());
        assertEquals(2, recs.get(0).frameNumber, "the unusable frame still has its number");
        assertEquals(1, s.undecodedCount(PcapngFileSource.UNKNOWN_INTERFACE));
    }

    @Test
    void gzipIsDetectedByMagicNotName() throws IOException {
        byte[] p = pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(1000, TCP_FRAME), new Rec(2000, UDP_FRAME)));
        Path f = write("looks-plain.pcap", gzip(p));
        CaptureStats s = new CaptureStats();
        assertEquals(2, readAll(List.of(f), s).size());
        byte[] ng = new Pcapng().shb(ByteOrder.BIG_ENDIAN).idb(1, 0, -1, 0).epb(0, 7, TCP_FRAME, TCP_FRAME.length)
                .bytes();
        assertEquals(1, readAll(List.of(write("x.bin", gzip(ng))), new CaptureStats()).size());
    }

    @Test
    void gzipCutShortKeepsTheFramesBeforeTheCut() throws IOException {
        List<Rec> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(new Rec(i, TCP_FRAME));
        }
        byte[] gz = gzip(pcap(ByteOrder.LITTLE_ENDIAN, false, 1, many));
        Path f = write("cut.pcap.gz", Arrays.copyOf(gz, gz.length / 2));
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs = readAll(List.of(f), s);
        assertTrue(recs.size() > 100 && recs.size() < 2000, "got " + recs.size());
        assertFalse(s.warnings().isEmpty());
    }

    @Test
    void directoryIsReadRecursivelyInPathOrderSkippingNonCaptures() throws IOException {
        Path dir = tmp.resolve("d");
        write("d/b.pcap", pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(2, UDP_FRAME))));
        write("d/a/z.pcap", pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(1, TCP_FRAME))));
        write("d/c.txt", "not a capture\n".getBytes(StandardCharsets.US_ASCII));
        write("d/empty.pcap", new byte[0]);
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs;
        List<String> names;
        try (PacketSource src = CaptureReader.open(List.of(dir), s)) {
            names = src.fileNames();
        }
        recs = readAll(List.of(dir), s = new CaptureStats());
        assertEquals(List.of(dir.resolve("a/z.pcap").toString(), dir.resolve("b.pcap").toString(),
                dir.resolve("c.txt").toString(), dir.resolve("empty.pcap").toString()), names);
        assertEquals(2, recs.size());
        assertEquals(0, recs.get(0).fileIndex);
        assertEquals(1, recs.get(1).fileIndex);
        assertEquals(2, s.warnings().size(), s.warnings().toString());
        assertTrue(s.warnings().get(0).contains("c.txt: not a pcap or pcapng capture"), s.warnings().get(0));
        assertTrue(s.warnings().get(1).contains("empty.pcap: empty file, not a capture"));
    }

    @Test
    void listOfFilesIsReadInTheGivenOrderWithFrameNumbersPerFile() throws IOException {
        Path a = write("a.pcap", pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(1, TCP_FRAME), new Rec(2, TCP_FRAME))));
        Path b = write("b.pcap", pcap(ByteOrder.BIG_ENDIAN, true, 1, List.of(new Rec(3, UDP_FRAME))));
        List<PacketRecord> recs = readAll(List.of(b, a), new CaptureStats());
        assertEquals(3, recs.size());
        assertEquals(0, recs.get(0).fileIndex);
        assertEquals(1, recs.get(0).frameNumber);
        assertEquals(1, recs.get(1).fileIndex);
        assertEquals(2, recs.get(2).frameNumber);
    }

    @Test
    void truncatedLastRecordIsCountedWithAWarning() throws IOException {
        byte[] p = pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(1, TCP_FRAME), new Rec(2, UDP_FRAME)));
        for (int cut : new int[] {5, UDP_FRAME.length + 6}) {
            CaptureStats s = new CaptureStats();
            List<PacketRecord> recs = readAll(List.of(write("t" + cut + ".pcap", Arrays.copyOf(p, p.length - cut))), s);
            assertEquals(1, recs.size());
            assertEquals(2, s.packetsRead);
            assertEquals(1, s.undecodedCount("truncated_record"));
            assertEquals(1, s.warnings().size());
            assertTrue(s.warnings().get(0).contains("frame 2 cut short"), s.warnings().get(0));
        }
    }

    @Test
    void corruptRecordLengthStopsThatFileButNotTheNext() throws IOException {
        byte[] p = pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(1, TCP_FRAME), new Rec(2, UDP_FRAME),
                new Rec(3, UDP_FRAME)));
        int second = 24 + 16 + TCP_FRAME.length;
        p[second + 8 + 3] = 0x40; // caplen of frame 2 becomes ~1 GiB
        Path bad = write("bad.pcap", p);
        Path good = write("good.pcap", pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(4, TCP_FRAME))));
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs = readAll(List.of(bad, good), s);
        assertEquals(2, recs.size());
        assertEquals(1, recs.get(1).fileIndex);
        assertEquals(1, s.undecodedCount("corrupt_record"));
        assertEquals(3, s.packetsRead);
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).startsWith(bad + ": corrupt record at frame 2"), s.warnings().get(0));
    }

    @Test
    void framesLargerThanTheWindowAreCountedAndSkipped() throws IOException {
        byte[] jumbo = new byte[3 << 20]; // a 3 MiB loopback write, beyond the 1 MiB read window
        Path p = write("jumbo.pcap", pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 1L << 31, List.of(new Rec(1, TCP_FRAME),
                new Rec(2, jumbo), new Rec(3, jumbo), new Rec(4, UDP_FRAME))));
        byte[] ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 0, -1, 0).epb(0, 1, TCP_FRAME, TCP_FRAME.length)
                .epb(0, 2, jumbo, jumbo.length).epb(0, 3, UDP_FRAME, UDP_FRAME.length).bytes();
        Path q = write("jumbo.pcapng", ng);
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs = readAll(List.of(p, q), s);
        assertEquals(4, recs.size());
        assertEquals(List.of(1L, 4L, 1L, 3L), recs.stream().map(r -> r.frameNumber).toList());
        assertEquals(7, s.packetsRead, "every frame of both files counted");
        assertEquals(3, s.undecodedCount("oversized_record"));
        assertEquals(2, s.warnings().size(), s.warnings().toString());
        assertTrue(s.warnings().get(0).startsWith(p + ": frame 2 holds 3145728 bytes"), s.warnings().get(0));
    }

    @Test
    void timeStampsBeyond2262AreCountedNotWrapped() throws IOException {
        byte[] ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN)
                .idb(1, 0, -1, 0) // if 0: microseconds
                .idb(1, 0, -1, Long.MAX_VALUE) // if 1: an if_tsoffset of 2^63-1 seconds
                .epb(0, 1_500_000L, TCP_FRAME, TCP_FRAME.length)
                .epb(0, -1L, UDP_FRAME, UDP_FRAME.length) // 2^64-1 microseconds
                .epb(1, 1, UDP_FRAME, UDP_FRAME.length)
                .epb(0, 9_000_000_000_000_000L, UDP_FRAME, UDP_FRAME.length) // 2255: fits
                .bytes();
        CaptureStats s = new CaptureStats();
        List<PacketRecord> recs = readAll(List.of(write("t.pcapng", ng)), s);
        assertEquals(List.of(1_500_000_000L, 9_000_000_000_000_000_000L),
                recs.stream().map(r -> r.timestampNanos).toList());
        assertEquals(4, s.packetsRead);
        assertEquals(2, s.undecodedCount("pcapng_timestamp_overflow"));
        assertEquals(1, s.warnings().size(), s.warnings().toString());
        assertTrue(s.warnings().get(0).contains("frame 2: time stamp beyond the year 2262"), s.warnings().get(0));
    }

    @Test
    void pcapngBlockLengthMismatchIsCorrupt() throws IOException {
        byte[] ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 0, -1, 0).epb(0, 1, TCP_FRAME, TCP_FRAME.length)
                .epb(0, 2, TCP_FRAME, TCP_FRAME.length).bytes();
        ng[ng.length - 4] ^= 0x10; // trailer of the last block
        CaptureStats s = new CaptureStats();
        assertEquals(1, readAll(List.of(write("m.pcapng", ng)), s).size());
        assertEquals(1, s.undecodedCount("corrupt_record"));
    }

    @Test
    void unreadableFilesGiveOneLineErrors() throws IOException {
        assertError(write("zero.pcap", new byte[0]), "zero.pcap: empty file, not a capture");
        assertError(write("notes.txt", "hello world, not a capture".getBytes(StandardCharsets.US_ASCII)),
                "notes.txt: not a pcap or pcapng capture");
        byte[] header = pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of());
        assertError(write("short.pcap", Arrays.copyOf(header, 10)), "short.pcap: pcap file header cut short");
        assertError(write("tiny", new byte[] {1, 2}), "tiny: 2 bytes, too short to be a capture");
        assertError(tmp.resolve("missing.pcap"), "missing.pcap: no such file");
        assertError(write("bad.gz", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}), "bad.gz");
    }

    private static void assertError(Path p, String expected) {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureReader.open(List.of(p), new CaptureStats()).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void largeFramesGrowTheRecordBuffer() throws IOException {
        byte[] big = eth(0x0800, ipv4(17, udp(1, 2, payload(60000, 9))));
        byte[] jumbo = Arrays.copyOf(big, 200_000); // bigger than the initial 64 KiB array
        Path f = write("big.pcap", pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Rec(1, jumbo), new Rec(2, big))));
        List<PacketRecord> recs = readAll(List.of(f), new CaptureStats());
        assertEquals(200_000, recs.get(0).length);
        assertArrayEquals(big, Arrays.copyOf(recs.get(1).data, recs.get(1).length));
    }

    @Test
    void theHotPathDoesNotAllocatePerFrame() throws IOException {
        List<Rec> recs = new ArrayList<>();
        byte[] vlan = ethTagged(new int[] {0x8100}, 0x0800, ipv4(6, tcp(1, 2, 3, 4, 0x18, payload(300, 1))));
        for (int i = 0; i < 50_000; i++) {
            recs.add(new Rec(i * 1000L, i % 3 == 0 ? UDP_FRAME : i % 3 == 1 ? TCP_FRAME : vlan));
        }
        Path f = write("many.pcap", pcap(ByteOrder.LITTLE_ENDIAN, true, 1, recs));
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long perFrame = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
            CaptureStats s = new CaptureStats();
            PacketDecoder dec = new PacketDecoder(s);
            PacketRecord r = new PacketRecord();
            DecodedPacket d = new DecodedPacket();
            try (PacketSource src = CaptureReader.open(List.of(f), s)) {
                long before = mx.getCurrentThreadAllocatedBytes();
                while (src.next(r)) {
                    dec.decode(r, d);
                }
                perFrame = Math.min(perFrame, (mx.getCurrentThreadAllocatedBytes() - before) / 50_000);
            }
            assertEquals(50_000, s.packetsDecoded);
        }
        assertTrue(perFrame < 4, "allocated " + perFrame + " bytes per frame");
    }
}
