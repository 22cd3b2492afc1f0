package org.chatdissect.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Segmenter} (and every chain of one with {@link SegmentationFilter}s) promises, checked on the same
 * corpora for each (Lucene's {@code BaseTokenStreamTestCase} plays this part for analysis chains): one segmentation per
 * payload in input order, each as long as its payload (or the stage's scope), boundaries strictly inside; the same
 * output for the same input; payloads left untouched; an empty corpus, empty and one-byte payloads handled.
 */
abstract class SegmenterConformance {
    /** The stage (or chain) under test. */
    abstract Segmenter segmenter();

    /** Leading bytes the stage segments (0: whole payloads). */
    int scope() {
        return 0;
    }

    /** A binary protocol's messages: magic, type, counter, length, random body; some short ones. */
    static List<byte[]> corpus(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int body = r.nextInt(5) == 0 ? r.nextInt(3) : 4 + r.nextInt(60);
            byte[] m = new byte[Math.min(8, body + 8) + body];
            if (m.length >= 8) {
                m[0] = (byte) 0xCA;
                m[1] = (byte) 0xFE;
                m[2] = (byte) (1 + r.nextInt(6));
                m[3] = (byte) (i >> 8);
                m[4] = (byte) i;
                m[5] = 0;
                m[6] = (byte) (m.length >> 8);
                m[7] = (byte) m.length;
            }
            for (int k = Math.min(8, m.length); k < m.length; k++) {
                m[k] = (byte) r.nextInt(256);
            }
            out.add(m);
        }
        out.add(new byte[0]);
        out.add(new byte[] {0x42});
        return out;
    }

    private int expectedLength(byte[] p) {
        int len = scope() == 0 ? p.length : Math.min(p.length, scope());
        return Math.max(1, len);
    }

    @Test
    void oneSegmentationPerPayloadInOrderWithinItsLength() {
        List<byte[]> corpus = corpus(1, 300);
        List<Segmentation> segs = segmenter().segment(corpus);
        assertEquals(corpus.size(), segs.size());
        int cuts = 0;
        for (int i = 0; i < corpus.size(); i++) {
            Segmentation s = segs.get(i);
            assertEquals(expectedLength(corpus.get(i)), s.length(), "payload " + i);
            for (int b : s.boundaries()) {
                assertTrue(b > 0 && b < s.length(), "payload " + i + ": boundary " + b);
            }
            cuts += s.boundaries().length;
        }
        assertTrue(cuts > 0, "no boundary anywhere in a corpus with a visible header");
    }

    @Test
    void sameInputSameOutput() {
        assertEquals(segmenter().segment(corpus(2, 200)), segmenter().segment(corpus(2, 200)));
    }

    @Test
    void payloadsAreLeftUntouched() {
        List<byte[]> corpus = corpus(3, 100);
        List<byte[]> copy = corpus.stream().map(byte[]::clone).toList();
        segmenter().segment(corpus);
        for (int i = 0; i < corpus.size(); i++) {
            assertArrayEquals(copy.get(i), corpus.get(i), "payload " + i);
        }
    }

    @Test
    void anEmptyCorpusGivesNothing() {
        assertEquals(List.of(), segmenter().segment(List.of()));
    }

    @Test
    void aCorpusOfTinyPayloads() {
        List<byte[]> tiny = List.of(new byte[0], new byte[] {1}, new byte[] {1, 2}, new byte[0]);
        List<Segmentation> segs = segmenter().segment(tiny);
        assertEquals(tiny.size(), segs.size());
        for (int i = 0; i < tiny.size(); i++) {
            assertEquals(expectedLength(tiny.get(i)), segs.get(i).length());
        }
    }
}
