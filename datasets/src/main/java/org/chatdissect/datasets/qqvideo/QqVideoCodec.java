package org.chatdissect.datasets.qqvideo;

import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;
import org.chatdissect.datasets.net.Rand;

/**
 * One direction of a QQ video stream (seed 000, §IV): every packet is a command part, the 12-byte RTP part
 * (RFC 3550, version 2), the 8-byte QQ extension and VP8 data. The command part is one of
 * <ul>
 *   <li>{@link Mode#UDP05}: {@code BF 05 | MS 2B | VF 00 2d 64 | VS 5B | FF 4B | EF 03} (16 bytes, Table II);</li>
 *   <li>{@link Mode#UDP04}: {@code MF 04 | V 2B | L 2B | SN 4B | N 4B | UN 16B | PL 2B} (31 bytes, Table III)
 *       followed by the 16-byte 0x05 part; L is the UDP payload length, PL the length of everything after PL;</li>
 *   <li>{@link Mode#TCP}: {@code FF 2B | FI 00 00 2d 00 | MS 2B | TVF 03 03} (10 bytes, Table IV's widths).</li>
 * </ul>
 * Extension (our layout; the seed only says it marks the fragment number): fragment index, fragment count,
 * frame length (2 bytes, big-endian), key-frame flag, three zero bytes. VP8 data starts with the 1-byte
 * VP8 payload descriptor (RFC 7741, S bit on a frame's first fragment); the first fragment then carries the
 * 3-byte VP8 frame tag and, for key frames, the start code {@code 9d 01 2a} and 320x240.
 */
public final class QqVideoCodec {
    public enum Mode { UDP05, UDP04, TCP }

    public static final int VERSION = 0x0f15;
    public static final int RTP_PT = 96;
    public static final int WIDTH = 320, HEIGHT = 240;
    /** VP8 bytes per packet; with the headers a UDP payload stays at or below 1,083 bytes. */
    public static final int MAX_CHUNK = 1000;
    public static final int RTP_LEN = 12, EXT_LEN = 8;

    public static final List<FieldSpec> FIELDS_05 = part05(0);
    public static final List<FieldSpec> FIELDS_04 = fields04();
    public static final List<FieldSpec> FIELDS_TCP = List.of(new FieldSpec(0, 2, "unidentified"),
            new FieldSpec(2, 4, "constant"), new FieldSpec(6, 2, "sequence"), new FieldSpec(8, 2, "constant"),
            new FieldSpec(10, 1, "constant"), new FieldSpec(11, 1, "unidentified"), new FieldSpec(12, 2, "sequence"),
            new FieldSpec(14, 4, "unidentified"), new FieldSpec(18, 4, "constant"), new FieldSpec(22, 8, "unidentified"));

    private final Mode mode;
    private final SplittableRandom rnd;
    private final long qq;
    private final int fps;
    private int ms;
    private long vs;
    private long sn;
    private int rtpSeq;
    private long rtpTs;
    private final int ssrc;
    private final int unMark;

    public QqVideoCodec(Mode mode, SplittableRandom rnd, long qq, int fps) {
        this.mode = mode;
        this.rnd = rnd;
        this.qq = qq;
        this.fps = fps;
        this.ms = rnd.nextInt(65536);
        this.vs = rnd.nextLong(1L << 32);
        this.sn = rnd.nextLong(1L << 31);
        this.rtpSeq = rnd.nextInt(65536);
        this.rtpTs = rnd.nextLong(1L << 31);
        this.ssrc = rnd.nextInt();
        this.unMark = 1 + rnd.nextInt(255);
    }

    public Mode mode() {
        return mode;
    }

    public static int commandLength(Mode m) {
        return switch (m) {
            case UDP05 -> 16;
            case UDP04 -> 47;
            case TCP -> 10;
        };
    }

    public List<FieldSpec> fields() {
        return switch (mode) {
            case UDP05 -> FIELDS_05;
            case UDP04 -> FIELDS_04;
            case TCP -> FIELDS_TCP;
        };
    }

    /** The packets of one video frame of {@code frameLen} VP8 bytes, in sending order. */
    public byte[][] frame(int frameLen, boolean key) {
        int count = (frameLen + MAX_CHUNK - 1) / MAX_CHUNK;
        byte[][] out = new byte[count][];
        long ff = rnd.nextLong(1L << 32);
        int ff16 = rnd.nextInt(65536);
        int cmd = commandLength(mode);
        int off = 0;
        for (int i = 0; i < count; i++) {
            int chunk = Math.min(MAX_CHUNK, frameLen - off);
            byte[] b = new byte[cmd + RTP_LEN + EXT_LEN + chunk];
            ms = (ms + 1 + rnd.nextInt(8)) & 0xffff;
            switch (mode) {
                case UDP05 -> put05(b, 0, ff);
                case UDP04 -> {
                    sn = (sn + 1 + rnd.nextInt(255)) & 0xffffffffL;
                    b[0] = 0x04;
                    put(b, 1, VERSION, 2);
                    put(b, 3, b.length, 2);
                    put(b, 5, sn, 4);
                    put(b, 9, qq, 4);
                    b[13 + 3] = (byte) unMark; // UN: 16 bytes, all zero but one
                    put(b, 29, b.length - 31, 2);
                    put05(b, 31, ff);
                }
                case TCP -> {
                    put(b, 0, ff16, 2);
                    b[4] = 0x2d;
                    put(b, 6, ms, 2);
                    b[8] = 0x03;
                    b[9] = 0x03;
                }
            }
            int r = cmd;
            b[r] = (byte) 0x80;
            b[r + 1] = (byte) ((i == count - 1 ? 0x80 : 0) | RTP_PT);
            put(b, r + 2, rtpSeq, 2);
            rtpSeq = (rtpSeq + 1) & 0xffff;
            put(b, r + 4, rtpTs, 4);
            put(b, r + 8, ssrc, 4);
            int e = r + RTP_LEN;
            b[e] = (byte) i;
            b[e + 1] = (byte) count;
            put(b, e + 2, frameLen, 2);
            b[e + 4] = (byte) (key ? 1 : 0);
            int d = e + EXT_LEN;
            Rand.fill(rnd, b, d, chunk);
            b[d] = (byte) (i == 0 ? 0x10 : 0x00); // VP8 payload descriptor, S bit on the first fragment
            if (i == 0 && chunk >= 11) {
                int part = Math.max(1, frameLen * 3 / 10);
                b[d + 1] = (byte) (((part & 7) << 5) | 0x10 | (key ? 0 : 1));
                b[d + 2] = (byte) (part >>> 3);
                b[d + 3] = (byte) (part >>> 11);
                if (key) {
                    b[d + 4] = (byte) 0x9d;
                    b[d + 5] = 0x01;
                    b[d + 6] = 0x2a;
                    b[d + 7] = (byte) WIDTH;
                    b[d + 8] = (byte) (WIDTH >>> 8);
                    b[d + 9] = (byte) HEIGHT;
                    b[d + 10] = (byte) (HEIGHT >>> 8);
                }
            }
            off += chunk;
            out[i] = b;
        }
        rtpTs = (rtpTs + 90_000 / fps) & 0xffffffffL;
        return out;
    }

    private void put05(byte[] b, int o, long ff) {
        b[o] = 0x05;
        put(b, o + 1, ms, 2);
        b[o + 3] = 0x00;
        b[o + 4] = 0x2d;
        b[o + 5] = 0x64;
        put(b, o + 6, vs, 5);
        vs = (vs + 1) & 0xffffffffffL;
        put(b, o + 11, ff, 4);
        b[o + 15] = 0x03;
    }

    private static void put(byte[] b, int o, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            b[o + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static List<FieldSpec> part05(int o) {
        return List.of(new FieldSpec(o, 1, "constant"), new FieldSpec(o + 1, 2, "sequence"),
                new FieldSpec(o + 3, 3, "constant"), new FieldSpec(o + 6, 5, "sequence"),
                new FieldSpec(o + 11, 4, "unidentified"), new FieldSpec(o + 15, 1, "constant"),
                new FieldSpec(o + 16, 1, "constant"), new FieldSpec(o + 17, 1, "unidentified"),
                new FieldSpec(o + 18, 2, "sequence"), new FieldSpec(o + 20, 4, "unidentified"),
                new FieldSpec(o + 24, 4, "constant"), new FieldSpec(o + 28, 8, "unidentified"));
    }

    private static List<FieldSpec> fields04() {
        java.util.ArrayList<FieldSpec> f = new java.util.ArrayList<>(List.of(new FieldSpec(0, 1, "constant"),
                new FieldSpec(1, 2, "constant"), new FieldSpec(3, 2, "length", "be"), new FieldSpec(5, 4, "sequence"),
                new FieldSpec(9, 4, "unidentified"), new FieldSpec(13, 16, "unidentified"), new FieldSpec(29, 2, "length", "be")));
        f.addAll(part05(31));
        return List.copyOf(f);
    }
}
