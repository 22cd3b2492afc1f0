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

    @Test
    void offByDefaultInBothPresets() {
        assertFalse(Parameters.defaults().segmentEvidence());
        assertFalse(Parameters.improved().segmentEvidence());
    }
}
