package org.chatdissect.datasets.qq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;
import org.chatdissect.datasets.net.Rand;

/**
 * The OICQ packet: {@code 02 | version(2) | command(2) | sequence(2) | QQ number(4) | encrypted body | 03}.
 * Bodies are TEA-encrypted, so their length is a multiple of 8. Over TCP a 2-byte big-endian length
 * (counting itself) precedes the 0x02. Command values follow the libqq (Pidgin) table.
 */
public final class Oicq {
    /** A QQ account number, as the 4-byte number field carries it. */
    public static long newAccount(java.util.SplittableRandom rnd) {
        return 10_000L + rnd.nextLong(2_000_000_000L);
    }

    public static final int FLAG = 0x02, TAIL = 0x03;
    public static final int LOGOUT = 0x0001, KEEP_ALIVE = 0x0002, GET_USER_INFO = 0x0006, SEARCH_USER = 0x0005,
            ADD_FRIEND = 0x0009, CHANGE_STATUS = 0x000d, SEND_IM = 0x0016, RECV_IM = 0x0017, LOGIN = 0x0022,
            GET_FRIEND_LIST = 0x0026, GET_FRIENDS_ONLINE = 0x0027, ROOM = 0x0030, GET_LIST_AND_ROOMS = 0x0058,
            GET_LEVEL = 0x005c, REQUEST_TOKEN = 0x0062;

    private Oicq() {}

    /** Packet with an encrypted body of {@code plain} plaintext bytes (padded the TEA way). */
    public static byte[] packet(SplittableRandom r, boolean tcp, int version, int cmd, int seq, long qq, int plain) {
        int body = Math.max(16, ((plain + 10 + 7) / 8) * 8);
        int n = 1 + 2 + 2 + 2 + 4 + body + 1;
        int off = tcp ? 2 : 0;
        byte[] b = new byte[off + n];
        if (tcp) {
            b[0] = (byte) ((off + n) >>> 8);
            b[1] = (byte) (off + n);
        }
        b[off] = FLAG;
        b[off + 1] = (byte) (version >>> 8);
        b[off + 2] = (byte) version;
        b[off + 3] = (byte) (cmd >>> 8);
        b[off + 4] = (byte) cmd;
        b[off + 5] = (byte) (seq >>> 8);
        b[off + 6] = (byte) seq;
        b[off + 7] = (byte) (qq >>> 24);
        b[off + 8] = (byte) (qq >>> 16);
        b[off + 9] = (byte) (qq >>> 8);
        b[off + 10] = (byte) qq;
        Rand.fill(r, b, off + 11, body);
        b[b.length - 1] = TAIL;
        return b;
    }

    public static List<FieldSpec> fields(boolean tcp) {
        int o = tcp ? 2 : 0;
        List<FieldSpec> f = new ArrayList<>();
        if (tcp) {
            f.add(new FieldSpec(0, 2, "length"));
        }
        f.add(new FieldSpec(o, 1, "constant"));
        f.add(new FieldSpec(o + 1, 2, "constant"));
        f.add(new FieldSpec(o + 3, 2, "opcode"));
        f.add(new FieldSpec(o + 5, 2, "sequence"));
        f.add(new FieldSpec(o + 7, 4, "constant"));
        return List.copyOf(f);
    }
}
