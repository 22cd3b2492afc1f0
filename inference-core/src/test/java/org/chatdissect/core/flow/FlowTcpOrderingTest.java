package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowTcpOrderingTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Long> frames = new ArrayList<>();
    private final TcpStreamOrderer.Sink sink = (ts, frame, data, off, len, wire) -> {
        out.write(data, off, len);
        frames.add(frame);
    };

    private void seg(TcpStreamOrderer o, long seq, String text, long frame) {
        byte[] b = ("##" + text).getBytes(StandardCharsets.ISO_8859_1); // payload not at offset 0
        o.accept(seq, frame * 1000, frame, b, 2, text.length(), text.length(), sink);
    }

    private String text() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void outOfOrderSegmentsAreDeliveredInSequenceOrder() {
        TcpStreamOrderer o = new TcpStreamOrderer(1 << 20, 64);
        o.onSyn(99);
        seg(o, 106, "world", 2);
        seg(o, 111, "!", 3);
        assertEquals("", text());
        seg(o, 100, "hello ", 1);
        assertEquals("hello world!", text());
        assertEquals(List.of(1L, 2L, 3L), frames);
        assertEquals(0, o.gaps());
    }

    @Test
    void retransmissionsAreDroppedAndOverlapsTrimmed() {
        TcpStreamOrderer o = new TcpStreamOrderer(1 << 20, 64);
        seg(o, 1000, "abcd", 1);
        seg(o, 1000, "abcd", 2);       // pure retransmission
        seg(o, 1002, "cdef", 3);       // overlaps "cd", brings "ef"
        seg(o, 1001, "bc", 4);         // inside what was delivered
        seg(o, 1006, "gh", 5);
        assertEquals("abcdefgh", text());
        assertEquals(2, o.retransmittedSegments());
        assertEquals(2, o.overlapBytesTrimmed());
        assertEquals(List.of(1L, 3L, 5L), frames);
    }

    @Test
    void sequenceNumbersWrapAround() {
        TcpStreamOrderer o = new TcpStreamOrderer(1 << 20, 64);
        long isn = 0xFFFFFFFDL;       // data starts at 0xFFFFFFFE: two bytes before the wrap
        o.onSyn(isn);
        seg(o, 0x00000002L, "EF", 3);  // after the wrap, early
        seg(o, 0xFFFFFFFEL, "AB", 1);
        seg(o, 0x00000000L, "CD", 2);
        seg(o, 0xFFFFFFFFL, "BC", 4);  // retransmission across the wrap
        assertEquals("ABCDEF", text());
        assertEquals(1, o.retransmittedSegments());
    }

    @Test
    void holeIsSkippedWhenTheBufferBoundIsHitAndCounted() {
        TcpStreamOrderer o = new TcpStreamOrderer(1 << 20, 2);
        seg(o, 0, "aa", 1);
        seg(o, 4, "cc", 3);             // "bb" at 2 is lost
        seg(o, 6, "dd", 4);
        assertEquals("aa", text());
        seg(o, 8, "ee", 5);             // third buffered segment exceeds the bound of 2
        assertEquals("aaccddee", text());
        assertEquals(1, o.gaps());
        assertEquals(2, o.gapBytes());
        seg(o, 2, "bb", 2);             // too late: below next expected
        assertEquals("aaccddee", text());
        assertEquals(1, o.retransmittedSegments());
    }

    @Test
    void finishFlushesHeldSegmentsSkippingHoles() {
        TcpStreamOrderer o = new TcpStreamOrderer(1 << 20, 64);
        seg(o, 0, "a", 1);
        seg(o, 5, "f", 3);
        seg(o, 2, "c", 2);
        o.finish(sink);
        assertEquals("acf", text());
        assertEquals(2, o.gaps());
        assertEquals(0, o.bufferedSegments());
    }

    @Test
    void truncatedSegmentsAdvanceByWireLength() {
        TcpStreamOrderer o = new TcpStreamOrderer(1 << 20, 64);
        byte[] b = "abcd".getBytes(StandardCharsets.ISO_8859_1);
        o.accept(0, 0, 1, b, 0, 2, 4, sink);  // 4 bytes on the wire, 2 captured
        seg(o, 4, "ef", 2);
        assertEquals("abef", text());
        assertEquals(0, o.gaps());
    }

    @Test
    void randomShufflesWithDuplicatesReproduceTheStream() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            out.reset();
            frames.clear();
            StringBuilder original = new StringBuilder();
            List<long[]> segs = new ArrayList<>(); // {seq offset, length}
            long base = rnd.nextBoolean() ? 0xFFFFF000L + rnd.nextInt(4096) : rnd.nextInt(1 << 30);
            int pos = 0;
            for (int i = 0; i < 30; i++) {
                int len = 1 + rnd.nextInt(20);
                for (int k = 0; k < len; k++) {
                    original.append((char) ('a' + rnd.nextInt(26)));
                }
                segs.add(new long[] {pos, len});
                pos += len;
            }
            List<long[]> sent = new ArrayList<>(segs);
            for (int i = 0; i < 10; i++) {
                sent.add(segs.get(rnd.nextInt(segs.size()))); // retransmissions
            }
            // shuffle locally (reordering within a small window), keeping the first segment first
            for (int i = sent.size() - 1; i > 1; i--) {
                int j = Math.max(1, i - rnd.nextInt(4));
                long[] t = sent.get(i);
                sent.set(i, sent.get(j));
                sent.set(j, t);
            }
            TcpStreamOrderer o = new TcpStreamOrderer(1 << 20, 64);
            o.onSyn(base - 1);
            String s = original.toString();
            for (long[] g : sent) {
                String part = s.substring((int) g[0], (int) (g[0] + g[1]));
                seg(o, (base + g[0]) & 0xffffffffL, part, 1);
            }
            o.finish(sink);
            assertEquals(s, text(), "round " + round);
            assertEquals(0, o.gaps());
        }
    }
}
