package org.chatdissect.datasets.wechat;

import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;
import org.chatdissect.datasets.net.Rand;

/**
 * The four W-UDP packet types of the paper's Fig. 3. The paper gives positions, not values; the values
 * below are this simulator's choice (documented in docs/design/datasets.md).
 * <ul>
 * <li>heartbeat up: byte 1 = 0xD7, bytes 3-5 = 00 00 01, bytes 8-9 = 5A 01 (third constant, 2 bytes)</li>
 * <li>heartbeat down: byte 1 = 0xD7, bytes 3-5 = 00 00 01, bytes 8-10 = 5A 02 00 (one byte longer)</li>
 * <li>chat content: byte 1 = opcode (0x10 voice, 0x11 video, 0x12 walkie-talkie), bytes 2-3 sequence, byte 4 = 0x6B</li>
 * <li>signaling: bytes 0-1 = A5 3C, bytes 2-4 sequence, byte 7 = 0x01, bytes 9-12 = 00 00 27 10</li>
 * </ul>
 * Everything else is encrypted (random).
 */
public final class WeChatUdpCodec {
    public static final int HB_BYTE1 = 0xD7;
    public static final byte[] HB_MID = {0x00, 0x00, 0x01};
    public static final byte[] HB_UP_TAIL = {0x5A, 0x01};
    public static final byte[] HB_DOWN_TAIL = {0x5A, 0x02, 0x00};
    public static final int OP_VOICE = 0x10, OP_VIDEO = 0x11, OP_TALK = 0x12;
    public static final int CONTENT_CONST = 0x6B;
    public static final byte[] SIG_HEAD = {(byte) 0xA5, 0x3C};
    public static final int SIG_BYTE7 = 0x01;
    public static final byte[] SIG_TAIL = {0x00, 0x00, 0x27, 0x10};

    public static final List<FieldSpec> HB_UP_FIELDS = List.of(new FieldSpec(0, 1, "unidentified"),
            new FieldSpec(1, 1, "constant"), new FieldSpec(2, 1, "unidentified"), new FieldSpec(3, 3, "constant"),
            new FieldSpec(6, 2, "unidentified"), new FieldSpec(8, 2, "constant"));
    public static final List<FieldSpec> HB_DOWN_FIELDS = List.of(new FieldSpec(0, 1, "unidentified"),
            new FieldSpec(1, 1, "constant"), new FieldSpec(2, 1, "unidentified"), new FieldSpec(3, 3, "constant"),
            new FieldSpec(6, 2, "unidentified"), new FieldSpec(8, 3, "constant"));
    public static final List<FieldSpec> CONTENT_FIELDS = List.of(new FieldSpec(0, 1, "unidentified"),
            new FieldSpec(1, 1, "opcode"), new FieldSpec(2, 2, "sequence"), new FieldSpec(4, 1, "constant"));
    public static final List<FieldSpec> SIGNAL_FIELDS = List.of(new FieldSpec(0, 2, "constant"),
            new FieldSpec(2, 3, "sequence"), new FieldSpec(5, 2, "unidentified"), new FieldSpec(7, 1, "constant"),
            new FieldSpec(8, 1, "unidentified"), new FieldSpec(9, 4, "constant"));

    private WeChatUdpCodec() {}

    public static byte[] heartbeat(SplittableRandom r, boolean up, int len) {
        byte[] b = Rand.bytes(r, len);
        b[1] = (byte) HB_BYTE1;
        System.arraycopy(HB_MID, 0, b, 3, 3);
        byte[] tail = up ? HB_UP_TAIL : HB_DOWN_TAIL;
        System.arraycopy(tail, 0, b, 8, tail.length);
        if (up) {
            // keep byte 10 from accidentally completing the downlink constant
            b[10] = (byte) (b[10] == 0 ? 1 : b[10]);
        }
        return b;
    }

    public static byte[] content(SplittableRandom r, int opcode, int seq, int len) {
        byte[] b = Rand.bytes(r, len);
        b[1] = (byte) opcode;
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[4] = (byte) CONTENT_CONST;
        return b;
    }

    public static byte[] signaling(SplittableRandom r, int seq, int len) {
        byte[] b = Rand.bytes(r, len);
        System.arraycopy(SIG_HEAD, 0, b, 0, 2);
        b[2] = (byte) (seq >>> 16);
        b[3] = (byte) (seq >>> 8);
        b[4] = (byte) seq;
        b[7] = (byte) SIG_BYTE7;
        System.arraycopy(SIG_TAIL, 0, b, 9, 4);
        return b;
    }
}
