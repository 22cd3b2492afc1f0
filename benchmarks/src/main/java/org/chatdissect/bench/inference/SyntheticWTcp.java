package org.chatdissect.bench.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chatdissect.core.fieldtype.FormatLearner.FlowPackets;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;

/**
 * Synthetic W-TCP training material for the speed bench: flows of request/response messages with the Fig. 2 header
 * (length 0-3, constant 4-7 00100001, reqresp 8-10, opcode 11 with a skewed distribution, sequence 12-15), each
 * message followed by random continuation packets (about one in two), as the trainer keeps them: 16-byte prefixes.
 */
public final class SyntheticWTcp {
    private SyntheticWTcp() {}

    public static List<FlowPackets> flows(int messages, int messagesPerFlow, long seed) {
        Random r = new Random(seed);
        List<FlowPackets> out = new ArrayList<>();
        long frame = 1;
        long ts = 0;
        for (int f = 0; f * messagesPerFlow < messages; f++) {
            int n = Math.min(messagesPerFlow, messages - f * messagesPerFlow);
            List<PayloadSample> ps = new ArrayList<>();
            int seq = r.nextInt(1 << 20);
            for (int i = 0; i < n; i++) {
                boolean up = i % 2 == 0;
                int len = 16 + r.nextInt(up ? 600 : 3000);
                byte[] h = new byte[16];
                h[0] = (byte) (len >>> 24); h[1] = (byte) (len >>> 16); h[2] = (byte) (len >>> 8); h[3] = (byte) len;
                h[5] = 0x10; h[7] = 0x01;
                if (!up) { h[8] = 0x3b; h[9] = (byte) 0x9a; h[10] = (byte) 0xca; }
                h[11] = (byte) (1 + Math.min(39, (int) (-Math.log(r.nextDouble()) * 6)));
                int s = seq + i / 2;
                h[12] = (byte) (s >>> 24); h[13] = (byte) (s >>> 16); h[14] = (byte) (s >>> 8); h[15] = (byte) s;
                ts += 50_000_000L + r.nextInt(1_000_000_000);
                Direction d = up ? Direction.UP : Direction.DOWN;
                int first = Math.min(len, 1400);
                ps.add(new PayloadSample(d, ts, frame++, h, first, false));
                for (int rest = len - first; rest > 0; rest -= 1400) {
                    byte[] c = new byte[16];
                    r.nextBytes(c);
                    ps.add(new PayloadSample(d, ts + 1000, frame++, c, Math.min(rest, 1400), false));
                }
            }
            out.add(new FlowPackets(f, true, ps));
        }
        return out;
    }
}
