package org.chatdissect.datasets.wechat;

import java.util.List;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;

/**
 * The 16-byte W-TCP protocol header of the paper's Fig. 2. Bytes 8-11 read as one big-endian command id:
 * a request carries the opcode, a response opcode + 1,000,000,000 (0x3b9aca00), which is why a response
 * shows {@code 3b 9a ca} in bytes 8-10 and the same opcode in byte 11.
 */
public final class WeChatTcpHeader {
    public static final int LENGTH = 16;
    public static final byte[] CONSTANT = {0x00, 0x10, 0x00, 0x01};
    public static final byte[] RESPONSE_MARK = {0x3b, (byte) 0x9a, (byte) 0xca};
    public static final List<FieldSpec> FIELDS = List.of(
            new FieldSpec(0, 4, "length"), new FieldSpec(4, 4, "constant"), new FieldSpec(8, 3, "reqresp"),
            new FieldSpec(11, 1, "opcode"), new FieldSpec(12, 4, "sequence"));

    private WeChatTcpHeader() {}

    public static byte[] encode(long messageLength, boolean request, int opcode, long seq) {
        byte[] h = new byte[LENGTH];
        put32(h, 0, messageLength);
        System.arraycopy(CONSTANT, 0, h, 4, 4);
        long cmd = request ? opcode : 1_000_000_000L + opcode;
        put32(h, 8, cmd);
        put32(h, 12, seq);
        return h;
    }

    private static void put32(byte[] b, int o, long v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }
}
