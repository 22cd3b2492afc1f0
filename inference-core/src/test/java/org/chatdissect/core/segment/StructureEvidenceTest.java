package org.chatdissect.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.chatdissect.core.params.Parameters;
import org.junit.jupiter.api.Test;

/**
 * Each step of {@link StructureEvidence} on a synthetic corpus whose fields are known. VE's input is replaced by
 * the worst case, a cut after every byte, so what survives is what the evidence keeps.
 */
class StructureEvidenceTest {
    private static final Parameters P = Parameters.defaults().with("segment.evidence", "true");

    private static List<Segmentation> everyByte(List<byte[]> corpus) {
        return corpus.stream().map(m -> new Segmentation(m.length, IntStream.range(1, m.length).toArray())).toList();
    }

    private static int[] cuts(List<byte[]> corpus, int i) {
        return new StructureEvidence(P).apply(corpus, everyByte(corpus)).get(i).boundaries();
    }

    @Test
    void smallNumbersOfBothByteOrdersAreOneFieldEach() {
        SplittableRandom r = new SplittableRandom(1);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // 00 | n (big endian, < 256), n | 00 (little endian), then a varying byte and a constant
            corpus.add(new byte[] {0, (byte) (1 + r.nextInt(255)), (byte) (1 + r.nextInt(255)), 0,
                    (byte) r.nextInt(256), 7});
        }
        StructureEvidence ev = new StructureEvidence(P);
        assertEquals(List.of(0, 2), ev.numberPairs(corpus));
        int[] b = new StructureEvidence(P).apply(corpus, corpus.stream()
                .map(m -> new Segmentation(m.length, new int[] {1, 3, 5})).toList()).get(0).boundaries();
        assertArrayEquals(new int[] {2, 4, 5}, b, Arrays.toString(b));
    }

    @Test
    void textNulTerminatedStringsAndLabelChainsAreOneField() {
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(0);
            o.write(i + 1);
            o.writeBytes(("file-" + i + ".txt").getBytes(StandardCharsets.US_ASCII));
            o.write(0);
            // 3www7example3com0: a chain of length-prefixed labels
            for (String label : new String[] {"www", "example" + i, "com"}) {
                o.write(label.length());
                o.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
            }
            o.write(0);
            o.write(0);
            o.write(1);
            corpus.add(o.toByteArray());
        }
        byte[] m = corpus.get(3);
        int nameEnd = 2 + "file-3.txt".length() + 1;
        int chainEnd = nameEnd + 1 + 3 + 1 + "example3".length() + 1 + 3 + 1;
        int[] b = cuts(corpus, 3);
        assertTrue(Arrays.stream(b).noneMatch(x -> x > 2 && x < nameEnd), Arrays.toString(b));
        assertTrue(Arrays.stream(b).noneMatch(x -> x > nameEnd && x < chainEnd), Arrays.toString(b));
        assertTrue(Arrays.stream(b).anyMatch(x -> x == 2) && Arrays.stream(b).anyMatch(x -> x == nameEnd)
                && Arrays.stream(b).anyMatch(x -> x == chainEnd), Arrays.toString(b));
        assertEquals(m.length - 2, chainEnd);
    }

    @Test
    void opaqueDataIsOneField() {
        SplittableRandom r = new SplittableRandom(2);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] m = new byte[4 + 300];
            m[1] = 3;
            m[3] = (byte) (1 + i % 3);
            for (int k = 4; k < m.length; k++) {
                m[k] = (byte) r.nextInt(256);
            }
            corpus.add(m);
        }
        int[] b = cuts(corpus, 5);
        assertTrue(Arrays.stream(b).noneMatch(x -> x > 4), Arrays.toString(b));
        assertTrue(Arrays.stream(b).anyMatch(x -> x == 4), Arrays.toString(b));
    }

    @Test
    void nestedTagLengthValueMessagesAreParsedWhole() {
        SplittableRandom r = new SplittableRandom(3);
        List<byte[]> corpus = new ArrayList<>();
        List<int[]> truth = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // 30 L { 02 01 v | 04 n <n bytes> | 30 L2 { 06 03 xxx | 02 02 yy } }
            int n = 1 + r.nextInt(5);
            byte[] inner = {6, 3, (byte) r.nextInt(256), (byte) r.nextInt(256), (byte) r.nextInt(256),
                    2, 2, (byte) r.nextInt(256), (byte) r.nextInt(256)};
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {2, 1, (byte) r.nextInt(256), 4, (byte) n});
            for (int k = 0; k < n; k++) {
                body.write(0x80 | r.nextInt(128));
            }
            body.write(0x30);
            body.write(inner.length);
            body.writeBytes(inner);
            byte[] b = body.toByteArray();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(0x30);
            all.write(b.length);
            all.writeBytes(b);
            corpus.add(all.toByteArray());
            int o = 2;
            int s = o + 5 + n; // start of the inner sequence
            truth.add(new int[] {o, o + 2, o + 3, o + 5, s, s + 2, s + 4, s + 7, s + 9});
        }
        for (int i = 0; i < corpus.size(); i += 7) {
            assertArrayEquals(truth.get(i), cuts(corpus, i), "message " + i);
        }
    }

    private static boolean has(int[] b, int x) {
        return Arrays.stream(b).anyMatch(y -> y == x);
    }

    @Test
    void adjacentNonPrintableConstantsAreSeparateBytesButMagicStringsAndZerosStayTogether() {
        SplittableRandom r = new SplittableRandom(4);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // 02 f0 80 (three one-byte constants) | 'S' 'M' 'B' (a printable magic) | 00 00 | varying
            corpus.add(new byte[] {2, (byte) 0xf0, (byte) 0x80, 'S', 'M', 'B', 0, 0, (byte) r.nextInt(256),
                    (byte) r.nextInt(256)});
        }
        List<Segmentation> none = corpus.stream().map(m -> new Segmentation(m.length, new int[0])).toList();
        int[] b = new StructureEvidence(P).apply(corpus, none).get(0).boundaries();
        assertTrue(has(b, 1) && has(b, 2), Arrays.toString(b));
        assertFalse(has(b, 4) || has(b, 5) || has(b, 7), Arrays.toString(b));
        int[] off = new StructureEvidence(P.with("evidence.constant_split", "0")).apply(corpus, none).get(0)
                .boundaries();
        assertFalse(has(off, 1) || has(off, 2), Arrays.toString(off));
    }

    @Test
    void aCountThatIsMostlyZeroIsStillOneSmallNumber() {
        SplittableRandom r = new SplittableRandom(5);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // 00 n with n = 0 in 70% of the messages (a count of answers), then 00 00 (always zero: no number)
            corpus.add(new byte[] {0, (byte) (r.nextInt(10) < 7 ? 0 : 1 + r.nextInt(3)), 0, 0, (byte) r.nextInt(256)});
        }
        assertEquals(List.of(0), new StructureEvidence(P).numberPairs(corpus));
    }

    @Test
    void longZeroRunsAreOneFieldShortOnesAreNot() {
        SplittableRandom r = new SplittableRandom(6);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] m = new byte[2 + 12 + 2 + 4 + 2];
            m[0] = (byte) r.nextInt(256);
            m[1] = (byte) r.nextInt(256);
            // 12 zero bytes (one padding field), two random bytes, 4 zero bytes (below evidence.zero_run), two random
            m[14] = (byte) r.nextInt(256);
            m[15] = (byte) r.nextInt(256);
            m[20] = (byte) r.nextInt(256);
            m[21] = (byte) r.nextInt(256);
            if (i == 3) {
                m[9] = 1; // a rare non-zero byte does not break the run
            }
            corpus.add(m);
        }
        int[] b = cuts(corpus, 3);
        assertTrue(has(b, 2) && has(b, 14), Arrays.toString(b));
        assertTrue(Arrays.stream(b).noneMatch(x -> x > 2 && x < 14), Arrays.toString(b));
        assertTrue(Arrays.stream(b).anyMatch(x -> x > 16 && x < 20), "short run left to VE: " + Arrays.toString(b));
        int[] off = new StructureEvidence(P.with("evidence.zero_run", "0")).apply(corpus, everyByte(corpus)).get(3)
                .boundaries();
        assertTrue(Arrays.stream(off).anyMatch(x -> x > 2 && x < 14), Arrays.toString(off));
    }

    @Test
    void opaqueDataGrowsOverLessRandomStretches() {
        SplittableRandom r = new SplittableRandom(7);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] m = new byte[4 + 128 + 128];
            m[1] = 3;
            m[3] = (byte) (1 + i % 3);
            for (int k = 4; k < 4 + 128; k++) {
                m[k] = (byte) r.nextInt(256); // random: >= 80% distinct in every 64-byte window
            }
            for (int k = 4 + 128; k < m.length; k++) {
                m[k] = (byte) (0x80 + r.nextInt(48)); // 48 values: about 60% distinct per window, never printable
            }
            corpus.add(m);
        }
        int[] b = cuts(corpus, 5);
        assertTrue(Arrays.stream(b).noneMatch(x -> x > 4), Arrays.toString(b));
        int[] strict = new StructureEvidence(P.with("evidence.opaque_keep", "0.8")).apply(corpus, everyByte(corpus))
                .get(5).boundaries();
        assertTrue(Arrays.stream(strict).anyMatch(x -> x > 4 + 140), Arrays.toString(strict));
    }

    /** A corpus of units: 68 | length of the rest (1 byte) | 2 varying bytes | payload; some messages hold two. */
    private static List<byte[]> lengthCorpus(boolean bigEndian16, SplittableRandom r, int messages) {
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            for (int u = 0; u < (i % 5 == 0 ? 2 : 1); u++) {
                int n = 2 + r.nextInt(40);
                o.write(0x68);
                o.write(0x11);
                // a 16-bit length of the payload that follows it
                if (bigEndian16) {
                    o.write(n >> 8);
                    o.write(n);
                } else {
                    o.write(n);
                    o.write(n >> 8);
                }
                for (int k = 0; k < n; k++) {
                    o.write(r.nextInt(256));
                }
            }
            corpus.add(o.toByteArray());
        }
        return corpus;
    }

    @Test
    void lengthFieldsOfBothByteOrdersAndTheirUnitsAreFound() {
        for (boolean big : new boolean[] {true, false}) {
            List<byte[]> corpus = lengthCorpus(big, new SplittableRandom(8), 40);
            StructureEvidence ev = new StructureEvidence(P);
            assertEquals(List.of(new StructureEvidence.LengthField(2, 2, big, 4)),
                    ev.lengthFields(corpus, new StructureEvidence.Columns(corpus)), "big endian " + big);
            byte[] two = corpus.get(0);
            int first = 4 + (int) StructureEvidence.value(two, 2, 2, big);
            assertEquals(2, StructureEvidence.units(two, new StructureEvidence.LengthField(2, 2, big, 4)));
            int[] b = cuts(corpus, 0);
            // the length field is one field in both units, and the second unit starts a field
            assertTrue(has(b, 2) && has(b, 4) && !has(b, 3), Arrays.toString(b));
            assertTrue(has(b, first) && has(b, first + 2) && !has(b, first + 3) && has(b, first + 4),
                    Arrays.toString(b));
        }
    }

    @Test
    void noLengthFieldWhereTheValueDoesNotFollowTheLength() {
        SplittableRandom r = new SplittableRandom(9);
        List<byte[]> counters = new ArrayList<>();
        List<byte[]> fixed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // a counter and random bytes in messages of varying length
            byte[] m = new byte[6 + r.nextInt(40)];
            m[0] = 0;
            m[1] = (byte) i;
            for (int k = 2; k < m.length; k++) {
                m[k] = (byte) r.nextInt(256);
            }
            counters.add(m);
            // a true length, but every message has the same length: nothing tells it from a constant
            fixed.add(new byte[] {0, 6, (byte) r.nextInt(256), (byte) r.nextInt(256), (byte) r.nextInt(256),
                    (byte) r.nextInt(256)});
        }
        StructureEvidence ev = new StructureEvidence(P);
        assertEquals(List.of(), ev.lengthFields(counters, new StructureEvidence.Columns(counters)));
        assertEquals(List.of(), ev.lengthFields(fixed, new StructureEvidence.Columns(fixed)));
        List<byte[]> withLengths = lengthCorpus(true, r, 40);
        assertEquals(List.of(), new StructureEvidence(P.with("evidence.length_max_offset", "0"))
                .lengthFields(withLengths, new StructureEvidence.Columns(withLengths)));
    }

    @Test
    void repeatedRecordsGetTheFirstRecordsCuts() {
        SplittableRandom r = new SplittableRandom(10);
        // a 5-byte header, then 6 records of 9 bytes: a 2-byte id (high byte constant), a 4-byte value (low half
        // random, high half alike), a status byte and a 2-byte time whose high byte is constant
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {0x68, 0x3b, (byte) r.nextInt(256), (byte) r.nextInt(256), 6});
        for (int j = 0; j < 6; j++) {
            o.writeBytes(new byte[] {0x0f, (byte) (0x10 + j), (byte) r.nextInt(256), (byte) r.nextInt(256),
                    0x3f, 0x42, 0x01, (byte) r.nextInt(256), 0x23});
        }
        byte[] m = o.toByteArray();
        // one message: no TLV chains (random bytes of a single message may parse as one)
        StructureEvidence ev = new StructureEvidence(P.with("evidence.tlv_min_elements", "0"));
        int[] rec = ev.records(m, new boolean[m.length]);
        assertEquals(9, rec[1], Arrays.toString(rec));
        assertEquals(List.of(5, 9, 6, 1), Arrays.stream(rec).boxed().toList(), Arrays.toString(rec));
        // VE cut the first record right and the others anyhow
        int[] ve = {5, 7, 11, 12, 16, 17, 19, 25, 30, 31, 40, 44, 50, 55};
        List<byte[]> corpus = List.of(m);
        int[] b = ev.apply(corpus, List.of(new Segmentation(m.length, ve))).get(0).boundaries();
        for (int j = 1; j < 6; j++) {
            int s = 5 + 9 * j;
            int[] inside = Arrays.stream(b).filter(x -> x >= s && x < s + 9).toArray();
            assertArrayEquals(new int[] {s, s + 2, s + 6, s + 7}, inside, "record " + j + ": " + Arrays.toString(b));
        }
        int[] off = new StructureEvidence(P.with("evidence.tlv_min_elements", "0").with("evidence.record_match", "0")).apply(corpus,
                List.of(new Segmentation(m.length, ve))).get(0).boundaries();
        assertTrue(has(off, 25) && has(off, 31), Arrays.toString(off));
    }

    @Test
    void noRecordsInRandomBytesTextOrPadding() {
        SplittableRandom r = new SplittableRandom(11);
        byte[] random = new byte[200];
        for (int k = 0; k < random.length; k++) {
            random[k] = (byte) r.nextInt(256);
        }
        StructureEvidence ev = new StructureEvidence(P);
        assertEquals(null, ev.records(random, new boolean[random.length]));
        assertEquals(null, ev.records(new byte[200], new boolean[200]));
        byte[] text = "ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab".getBytes(StandardCharsets.US_ASCII);
        boolean[] isText = new boolean[text.length];
        Arrays.fill(isText, true);
        assertEquals(null, ev.records(text, isText));
    }

    @Test
    void cutsBetweenZeroBytesInsideAlignedWordsGo() {
        StructureEvidence ev = new StructureEvidence(P);
        // 05 00 00 00 (a little-endian 32-bit number), 00 00, 07 00, 09 09
        byte[] m = {5, 0, 0, 0, 0, 0, 7, 0, 9, 9};
        it.unimi.dsi.fastutil.ints.IntRBTreeSet b = new it.unimi.dsi.fastutil.ints.IntRBTreeSet(
                IntStream.range(1, m.length).toArray());
        ev.dropZeroCuts(m, b);
        assertArrayEquals(new int[] {1, 4, 6, 7, 8, 9}, b.toIntArray());
        // 00 00 00 05: the middle cut of a big-endian word whose first byte is zero stays (two 16-bit fields, maybe)
        byte[] be = {0, 0, 0, 5};
        it.unimi.dsi.fastutil.ints.IntRBTreeSet c = new it.unimi.dsi.fastutil.ints.IntRBTreeSet(new int[] {1, 2, 3});
        ev.dropZeroCuts(be, c);
        assertArrayEquals(new int[] {2, 3}, c.toIntArray());
    }

    @Test
    void noZeroCutsDroppedWhenOffOrBetweenNonZeroBytes() {
        byte[] m = {5, 0, 0, 0, 0, 0, 7, 0, 9, 9};
        it.unimi.dsi.fastutil.ints.IntRBTreeSet b = new it.unimi.dsi.fastutil.ints.IntRBTreeSet(
                IntStream.range(1, m.length).toArray());
        new StructureEvidence(P.with("evidence.zero_align", "0")).dropZeroCuts(m, b);
        assertArrayEquals(IntStream.range(1, m.length).toArray(), b.toIntArray());
        byte[] text = {1, 2, 3, 4, 5, 6};
        it.unimi.dsi.fastutil.ints.IntRBTreeSet t = new it.unimi.dsi.fastutil.ints.IntRBTreeSet(new int[] {1, 3, 5});
        new StructureEvidence(P).dropZeroCuts(text, t);
        assertArrayEquals(new int[] {1, 3, 5}, t.toIntArray());
    }

    /** A 4-byte prefix, a 16-byte header, a 10-byte body, the header again (one byte changed), a 6-byte body. */
    private static byte[] compound(int id, int first, int second) {
        byte[] hdr = {(byte) 0xfe, 'S', 'M', 'B', 0x40, 0, 1, 0, 0, 0, 0, 0, 0x11, 0, 0, 0};
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {0, 0, (byte) id, 40});
        hdr[8] = (byte) first;
        o.writeBytes(hdr);
        for (int k = 0; k < 10; k++) {
            o.write(0xa0 + k);
        }
        hdr[8] = (byte) second;
        o.writeBytes(hdr);
        for (int k = 0; k < 6; k++) {
            o.write(0xc0 + k);
        }
        return o.toByteArray();
    }

    @Test
    void aRepeatedHeaderGetsTheFirstCopysCuts() {
        byte[] m = compound(1, 5, 6);
        StructureEvidence ev = new StructureEvidence(P);
        List<int[]> reps = ev.repeats(m, new boolean[m.length]);
        assertEquals(1, reps.size());
        assertEquals(List.of(4, 30, 16), Arrays.stream(reps.get(0)).boxed().toList());
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            corpus.add(compound(i, i, 2 * i + 1));
        }
        int[] b = new StructureEvidence(P.with("evidence.tlv_min_elements", "0")).apply(corpus, everyByte(corpus))
                .get(3).boundaries();
        int[] firstCopy = Arrays.stream(b).filter(x -> x > 4 && x < 20).map(x -> x + 26).toArray();
        int[] repeat = Arrays.stream(b).filter(x -> x > 30 && x < 46).toArray();
        assertArrayEquals(firstCopy, repeat, Arrays.toString(b));
        assertTrue(has(b, 30), Arrays.toString(b));
    }

    @Test
    void noRepeatInRandomBytesOrText() {
        SplittableRandom r = new SplittableRandom(12);
        byte[] random = new byte[300];
        for (int k = 0; k < random.length; k++) {
            random[k] = (byte) r.nextInt(256);
        }
        StructureEvidence ev = new StructureEvidence(P);
        assertTrue(ev.repeats(random, new boolean[random.length]).isEmpty());
        byte[] text = "GET /index.html HTTP/1.1 GET /index.html HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
        boolean[] isText = new boolean[text.length];
        Arrays.fill(isText, true);
        assertTrue(ev.repeats(text, isText).isEmpty());
        assertTrue(new StructureEvidence(P.with("evidence.repeat_anchor", "0")).repeats(compound(1, 5, 6),
                new boolean[36 + 16]).isEmpty());
    }

    /** A type byte, a constant, a flag, two 16-bit big-endian lengths at odd offsets 3 and 5, then their bytes. */
    private static List<byte[]> sumCorpus(SplittableRandom r, boolean firstConstant) {
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int a = firstConstant ? 4 : 1 + r.nextInt(20);
            int b = r.nextInt(30);
            byte[] m = new byte[7 + a + b];
            m[0] = 0x32;
            m[1] = (byte) (1 + r.nextInt(3));
            m[2] = (byte) r.nextInt(256);
            m[3] = (byte) (a >> 8);
            m[4] = (byte) a;
            m[5] = (byte) (b >> 8);
            m[6] = (byte) b;
            for (int k = 7; k < m.length; k++) {
                m[k] = (byte) r.nextInt(256);
            }
            corpus.add(m);
        }
        return corpus;
    }

    @Test
    void twoLengthsThatAddUpToTheMessageLengthAreTwoFields() {
        List<byte[]> corpus = sumCorpus(new SplittableRandom(13), false);
        StructureEvidence ev = new StructureEvidence(P);
        assertEquals(new StructureEvidence.LengthSum(3, 5, true, 7),
                ev.lengthSum(corpus, new StructureEvidence.Columns(corpus)));
        List<Segmentation> ve = corpus.stream().map(m -> new Segmentation(m.length, new int[] {2, 4, 6})).toList();
        int[] b = new StructureEvidence(P.with("evidence.tlv_min_elements", "0")).apply(corpus, ve).get(0).boundaries();
        assertTrue(has(b, 3) && has(b, 5) && has(b, 7) && !has(b, 4) && !has(b, 6), Arrays.toString(b));
    }

    @Test
    void noLengthSumWhenOneOfTheTwoIsConstant() {
        List<byte[]> corpus = sumCorpus(new SplittableRandom(14), true);
        StructureEvidence ev = new StructureEvidence(P);
        assertEquals(null, ev.lengthSum(corpus, new StructureEvidence.Columns(corpus)));
        List<byte[]> random = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(15);
        for (int i = 0; i < 40; i++) {
            byte[] m = new byte[10 + r.nextInt(40)];
            for (int k = 0; k < m.length; k++) {
                m[k] = (byte) r.nextInt(256);
            }
            random.add(m);
        }
        assertEquals(null, ev.lengthSum(random, new StructureEvidence.Columns(random)));
    }

    @Test
    void aFlatOptionChainCutsBetweenTagAndLength() {
        SplittableRandom r = new SplittableRandom(16);
        List<byte[]> corpus = new ArrayList<>();
        List<int[]> starts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // a 4-byte magic, then options tag | length | value (values not printable), an end byte
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(new byte[] {0x63, (byte) 0x82, 0x53, 0x63});
            int[] at = new int[4];
            int[] tags = {0x35, 0x37, 0x3d, 0x33};
            for (int e = 0; e < 4; e++) {
                at[e] = o.size();
                int n = 1 + r.nextInt(6);
                o.write(tags[e]);
                o.write(n);
                for (int k = 0; k < n; k++) {
                    o.write(0x80 | r.nextInt(128));
                }
            }
            o.write(0xff);
            corpus.add(o.toByteArray());
            starts.add(at);
        }
        List<Segmentation> none = corpus.stream().map(m -> new Segmentation(m.length, new int[0])).toList();
        int[] split = new StructureEvidence(P).apply(corpus, none).get(5).boundaries();
        for (int x : starts.get(5)) {
            assertTrue(has(split, x) && has(split, x + 1) && has(split, x + 2), x + ": " + Arrays.toString(split));
        }
        // without the split, only the columns cut between a tag and its length, where the options line up
        List<Segmentation> whole = new StructureEvidence(P.with("evidence.tlv_flat_split", "false")).apply(corpus, none);
        int tagCuts = 0;
        for (int i = 0; i < corpus.size(); i++) {
            for (int x : starts.get(i)) {
                tagCuts += has(whole.get(i).boundaries(), x + 1) ? 1 : 0;
            }
        }
        assertTrue(tagCuts < 4 * corpus.size() - 20, "tag cuts without the split: " + tagCuts);
    }

    @Test
    void offByDefaultInBothPresets() {
        assertFalse(Parameters.defaults().segmentEvidence());
        assertFalse(Parameters.improved().segmentEvidence());
    }
}
