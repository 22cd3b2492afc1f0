package org.chatdissect.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.LengthPrefixFraming.Candidate;
import org.chatdissect.core.segment.LengthPrefixFraming.Choice;
import org.chatdissect.core.segment.LengthPrefixFraming.Config;
import org.chatdissect.core.segment.LengthPrefixFraming.Frame;
import org.chatdissect.core.segment.LengthPrefixFraming.Scanner;
import org.chatdissect.core.segment.LengthPrefixFraming.StreamResult;
import org.junit.jupiter.api.Test;

class LengthPrefixFramingTest {
    static final Config CFG = Config.of(Parameters.improved());
    static final int MSS = 1460;

    /** A stream of {@code n} frames made by {@code frame}, a leading payload (or null), cut into MSS segments. */
    static List<byte[]> stream(byte[] leading, int n, IntFunction<byte[]> frame) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            b.writeBytes(frame.apply(i));
        }
        List<byte[]> out = new ArrayList<>();
        if (leading != null) {
            out.add(leading);
        }
        out.addAll(segments(b.toByteArray(), MSS));
        return out;
    }

    /** Back to back full segments: frames start in the middle of segments. */
    static List<byte[]> segments(byte[] all, int mss) {
        List<byte[]> out = new ArrayList<>();
        for (int o = 0; o < all.length; o += mss) {
            out.add(Arrays.copyOfRange(all, o, Math.min(all.length, o + mss)));
        }
        return out;
    }

    static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** {@code length(8, LE) of the data | data}: the meeting system's media frames. */
    static byte[] le8(SplittableRandom r, int data) {
        byte[] f = new byte[8 + data];
        for (int i = 0; i < 8; i++) {
            f[i] = (byte) ((long) data >>> (8 * i));
        }
        System.arraycopy(randomBytes(r, data), 0, f, 8, data);
        return f;
    }

    /** {@code 01 | length(4, BE) of the image | image}: the meeting system's screenshots. */
    static byte[] shot(SplittableRandom r, int data) {
        byte[] f = new byte[5 + data];
        f[0] = 1;
        f[1] = (byte) (data >>> 24);
        f[2] = (byte) (data >>> 16);
        f[3] = (byte) (data >>> 8);
        f[4] = (byte) data;
        System.arraycopy(randomBytes(r, data), 0, f, 5, data);
        return f;
    }

    static List<StreamResult> scan(List<byte[]> payloads, boolean cutAllowed) {
        Scanner s = new Scanner(CFG);
        for (byte[] p : payloads) {
            s.accept(p, 0, p.length, p.length);
        }
        return s.finish(cutAllowed);
    }

    static List<Choice> chooseAll(List<List<byte[]>> streams, boolean cutAllowed) {
        List<List<StreamResult>> rs = new ArrayList<>();
        for (List<byte[]> s : streams) {
            rs.add(scan(s, cutAllowed));
        }
        return LengthPrefixFraming.choose(rs, CFG);
    }

    @Test
    void littleEndianLengthOfTheBytesAfterIt() {
        SplittableRandom r = new SplittableRandom(1);
        List<List<byte[]>> streams = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            streams.add(stream(null, 20, i -> le8(r, 100 + r.nextInt(5000))));
        }
        for (Choice c : chooseAll(streams, false)) {
            assertNotNull(c);
            assertEquals(new Candidate(0, 8, true, 8), c.candidate());
            assertEquals(20, c.result().frames());
            assertTrue(c.result().exact());
            assertEquals(0, c.result().startPayload());
        }
    }

    @Test
    void screenshotsBigEndianAfterAConstant() {
        SplittableRandom r = new SplittableRandom(2);
        List<List<byte[]>> streams = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            streams.add(stream(null, 6, i -> shot(r, 20_000 + r.nextInt(60_000))));
        }
        for (Choice c : chooseAll(streams, false)) {
            assertNotNull(c);
            assertEquals(new Candidate(1, 4, false, 5), c.candidate());
            assertEquals("1-4 length big +5", c.candidate().toString());
        }
    }

    @Test
    void lengthCountingTheWholeFrameAndAHeaderSize() {
        SplittableRandom r = new SplittableRandom(3);
        // len(2, BE) counting the whole frame, then a type byte
        IntFunction<byte[]> whole = i -> {
            byte[] f = randomBytes(r, 3 + r.nextInt(600));
            f[0] = (byte) (f.length >>> 8);
            f[1] = (byte) f.length;
            return f;
        };
        List<List<byte[]>> a = List.of(stream(null, 30, whole), stream(null, 30, whole), stream(null, 30, whole));
        for (Choice c : chooseAll(a, false)) {
            assertNotNull(c);
            assertEquals(new Candidate(0, 2, false, 0), c.candidate());
        }
        // type(1) | len(2, LE) of the data | flags(1) | data: a 4-byte header
        IntFunction<byte[]> header = i -> {
            int data = r.nextInt(3000);
            byte[] f = randomBytes(r, 4 + data);
            f[1] = (byte) data;
            f[2] = (byte) (data >>> 8);
            return f;
        };
        List<List<byte[]>> b = List.of(stream(null, 30, header), stream(null, 30, header), stream(null, 30, header));
        for (Choice c : chooseAll(b, false)) {
            assertNotNull(c);
            assertEquals(new Candidate(1, 2, true, 4), c.candidate());
        }
    }

    @Test
    void aTextLineBeforeTheFrames() {
        SplittableRandom r = new SplittableRandom(4);
        List<List<byte[]>> streams = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            byte[] line = ("audio send\r\n\r\n" + (100 + k)).getBytes(StandardCharsets.US_ASCII);
            streams.add(stream(line, 10, i -> le8(r, 2048)));
        }
        streams.add(stream(null, 10, i -> le8(r, 4000 + r.nextInt(8000))));
        for (Choice c : chooseAll(streams, false)) {
            assertNotNull(c);
            assertEquals(new Candidate(0, 8, true, 8), c.candidate());
        }
        Choice first = chooseAll(streams, false).get(0);
        assertEquals(1, first.result().startPayload());
        // the sample: every frame of the stream, prefix and length, and the payload its first byte is in
        List<Frame> sample = first.result().sample();
        assertEquals(10, sample.size());
        assertEquals(2056, sample.get(0).length());
        assertArrayEquals(new byte[] {0, 8, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(sample.get(3).prefix(), 8));
        assertEquals(16, sample.get(3).prefix().length);
        assertEquals(1 + 3 * 2056 / MSS, sample.get(3).payload());
    }

    @Test
    void aCaptureCutInsideTheLastFrame() {
        SplittableRandom r = new SplittableRandom(5);
        List<List<byte[]>> streams = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            streams.add(stream(null, 12, i -> le8(r, 500 + r.nextInt(5000))));
        }
        List<byte[]> cut = stream(null, 12, i -> le8(r, 500 + r.nextInt(5000)));
        cut = new ArrayList<>(cut.subList(0, cut.size() - 2));
        List<List<StreamResult>> rs = new ArrayList<>();
        for (List<byte[]> s : streams) {
            rs.add(scan(s, false));
        }
        rs.add(scan(cut, true));
        List<Choice> cs = LengthPrefixFraming.choose(rs, CFG);
        Choice c = cs.get(3);
        assertNotNull(c, "a capture cut inside a frame is fine");
        assertEquals(new Candidate(0, 8, true, 8), c.candidate());
        assertFalse(c.result().exact());
        assertTrue(c.result().frames() >= 9);
        // the same stream closed normally (a FIN) ends inside a frame: not framed
        assertNull(LengthPrefixFraming.choose(List.of(rs.get(0), rs.get(1), scan(cut, false)), CFG).get(2));
    }

    @Test
    void aListenerIsToldWhereEveryFrameLies() {
        SplittableRandom r = new SplittableRandom(9);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            frames.add(le8(r, 100 + r.nextInt(3000)));
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(all::writeBytes);
        List<byte[]> payloads = new ArrayList<>();
        payloads.add("audio send\r\n\r\nroom".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        List<byte[]> segs = segments(all.toByteArray(), MSS);
        payloads.addAll(segs.subList(0, segs.size() - 1)); // the capture ends inside the last frame
        Candidate media = new Candidate(0, 8, true, 8);
        List<long[]> told = new ArrayList<>(); // start payload, payload, offset, stream offset, length, whole
        Scanner s = new Scanner(CFG, List.of(media), (c, start, payload, offset, at, length, whole) -> {
            assertEquals(media, c);
            told.add(new long[] {start, payload, offset, at, length, whole ? 1 : 0});
        });
        for (byte[] p : payloads) {
            s.accept(p, 0, p.length, p.length);
        }
        StreamResult res = s.finish(true).get(0);
        assertEquals(1, res.startPayload(), "the chain starts after the registration line");
        List<long[]> chain = told.stream().filter(t -> t[0] == res.startPayload()).toList();
        long registration = payloads.get(0).length;
        long streamEnd = registration + all.size() - segs.get(segs.size() - 1).length;
        long at = registration;
        for (int i = 0; i < chain.size(); i++) {
            long[] t = chain.get(i);
            assertEquals(at, t[3], "frame " + i);
            long inData = at - registration;
            assertEquals(1 + inData / MSS, t[1], "the payload holding frame " + i + "'s first byte");
            assertEquals(inData % MSS, t[2], "its offset there");
            boolean last = i == chain.size() - 1;
            assertEquals(last ? streamEnd - at : frames.get(i).length, t[4], "frame " + i);
            assertEquals(last ? 0 : 1, t[5]);
            at += frames.get(i).length;
        }
        assertEquals(12, chain.size(), "11 whole frames and the cut one");
        assertEquals(11, res.frames());
    }

    @Test
    void aHoleCutsTheStream() {
        SplittableRandom r = new SplittableRandom(6);
        List<byte[]> s = stream(null, 12, i -> le8(r, 500 + r.nextInt(5000)));
        Scanner sc = new Scanner(CFG);
        for (int i = 0; i < s.size(); i++) {
            if (i == s.size() / 2) {
                sc.gap();
                continue; // a lost segment
            }
            sc.accept(s.get(i), 0, s.get(i).length, s.get(i).length);
        }
        StreamResult res = sc.finish(false).stream().filter(x -> x.candidate().equals(new Candidate(0, 8, true, 8)))
                .findFirst().orElseThrow();
        assertTrue(res.framed());
        assertFalse(res.decisive());
    }

    @Test
    void randomStreamsAreNotFramed() {
        SplittableRandom r = new SplittableRandom(7);
        List<List<byte[]>> streams = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            List<byte[]> s = new ArrayList<>();
            int n = 1 + r.nextInt(60);
            for (int i = 0; i < n; i++) {
                s.add(randomBytes(r, r.nextBoolean() ? MSS : 1 + r.nextInt(MSS)));
            }
            streams.add(s);
        }
        for (boolean cut : new boolean[] {false, true}) {
            for (Choice c : chooseAll(streams, cut)) {
                assertNull(c, "random stream framed by " + (c == null ? "" : c.candidate()));
            }
        }
    }

    @Test
    void fixedSizeRecordsAreNotFramed() {
        SplittableRandom r = new SplittableRandom(8);
        // 01 64 x y: a mouse event of 6 bytes, each in its own payload
        List<List<byte[]>> streams = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            List<byte[]> s = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int x = r.nextInt(1920);
                int y = r.nextInt(1080);
                s.add(new byte[] {1, 100, (byte) (x >>> 8), (byte) x, (byte) (y >>> 8), (byte) y});
            }
            streams.add(s);
        }
        for (Choice c : chooseAll(streams, false)) {
            assertNull(c, c == null ? "" : c.candidate().toString());
        }
    }

    @Test
    void truncatedSegmentsCutTheStream() {
        SplittableRandom r = new SplittableRandom(9);
        List<byte[]> s = stream(null, 8, i -> le8(r, 3000));
        Scanner sc = new Scanner(CFG);
        for (int i = 0; i < s.size(); i++) {
            byte[] p = s.get(i);
            // a snap length of 100 bytes from the fourth segment on
            sc.accept(p, 0, i < 3 ? p.length : Math.min(100, p.length), p.length);
        }
        for (StreamResult x : sc.finish(false)) {
            assertTrue(!x.framed() || !x.decisive(), x.toString());
        }
    }

    @Test
    void candidatesSimplestFirst() {
        List<Candidate> cs = LengthPrefixFraming.candidates(CFG);
        assertEquals(new Candidate(0, 8, false, 0), cs.get(0));
        assertTrue(cs.contains(new Candidate(1, 4, false, 5)));
        assertTrue(cs.contains(new Candidate(1, 2, true, 4)));
        assertFalse(cs.contains(new Candidate(0, 1, false, 5)), "1-byte fields take no header sizes");
        assertTrue(cs.indexOf(new Candidate(0, 8, true, 8)) < cs.indexOf(new Candidate(0, 4, true, 8)));
    }
}
