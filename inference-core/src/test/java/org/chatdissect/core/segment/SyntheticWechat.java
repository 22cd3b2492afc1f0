package org.chatdissect.core.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chatdissect.model.Direction;

/**
 * Synthetic W-TCP / W-UDP traffic shaped after Fig. 2 and the Fig. 3 text, with the variation real traces have:
 * skewed opcodes, mostly small messages with a tail up to 60 KB split into 1400-byte segments whose continuation
 * packets are random bytes, per-flow sequence numbers starting at random 32-bit values.
 */
public final class SyntheticWechat {
    public static final int MSS = 1400;

    /** One packet with the flow it belongs to and its index in the flow. */
    public record Pkt(long flowId, int order, PayloadSample sample, byte[] payload) {}

    private SyntheticWechat() {}

    static int zipfOpcode(Random r, int[] opcodes) {
        // Weights 1/rank: a few opcodes (sync, heartbeat, text) dominate as in the paper's Table IV.
        double total = 0;
        for (int i = 1; i <= opcodes.length; i++) {
            total += 1.0 / i;
        }
        double x = r.nextDouble() * total;
        for (int i = 1; i <= opcodes.length; i++) {
            x -= 1.0 / i;
            if (x <= 0) {
                return opcodes[i - 1];
            }
        }
        return opcodes[opcodes.length - 1];
    }

    static int messageSize(Random r) {
        double u = r.nextDouble();
        if (u < 0.75) {
            return 100 + r.nextInt(1300);
        } else if (u < 0.95) {
            return 1400 + r.nextInt(8600);
        }
        return 10_000 + r.nextInt(50_000);
    }

    /** W-TCP flows; packets of each flow in stream order, flows one after the other. */
    public static List<Pkt> wtcp(long seed, int flows, int tasksPerFlow) {
        Random r = new Random(seed);
        int[] opcodes = new int[20];
        for (int i = 0; i < opcodes.length; i++) {
            opcodes[i] = new int[] {0x06, 0x09, 0x0a, 0x13, 0x18, 0x1e, 0x27, 0x30, 0x3b, 0x44, 0x51, 0x5c,
                    0x66, 0x6d, 0x78, 0x7f, 0x8a, 0x91, 0x9e, 0xa2}[i];
        }
        List<Pkt> out = new ArrayList<>();
        long frame = 0;
        for (int f = 0; f < flows; f++) {
            int seq = r.nextInt();
            int order = 0;
            long ts = f * 1_000_000_000_000L;
            for (int t = 0; t < tasksPerFlow; t++) {
                int op = zipfOpcode(r, opcodes);
                for (int leg = 0; leg < 2; leg++) {
                    Direction dir = leg == 0 ? Direction.UP : Direction.DOWN;
                    int size = messageSize(r);
                    byte[] msg = new byte[size];
                    r.nextBytes(msg);
                    putInt(msg, 0, size);
                    putInt(msg, 4, 0x00100001);
                    if (leg == 0) {
                        msg[8] = 0; msg[9] = 0; msg[10] = 0;
                    } else {
                        msg[8] = 0x3b; msg[9] = (byte) 0x9a; msg[10] = (byte) 0xca;
                    }
                    msg[11] = (byte) op;
                    putInt(msg, 12, seq);
                    for (int off = 0; off < size; off += MSS) {
                        byte[] pl = java.util.Arrays.copyOfRange(msg, off, Math.min(size, off + MSS));
                        ts += 1_000_000L + r.nextInt(50_000_000);
                        PayloadSample s = new PayloadSample(dir, ts, frame++, java.util.Arrays.copyOf(pl, Math.min(16, pl.length)),
                                pl.length, off == 0);
                        out.add(new Pkt(f, order++, s, pl));
                    }
                }
                seq++;
            }
        }
        return out;
    }

    /**
     * W-UDP real-time chat content (Fig. 3, third type): byte 0 varies (codec/frame flags, we do not know it), byte 1
     * the opcode, bytes 2-3 a per-direction sequence number, byte 4 a constant, then encrypted voice bytes.
     */
    public static List<Pkt> wudp(long seed, int flows, int packetsPerFlow) {
        Random r = new Random(seed);
        int[] opcodes = {0x11, 0x13, 0x15, 0x17, 0x1a, 0x20};
        List<Pkt> out = new ArrayList<>();
        long frame = 0;
        for (int f = 0; f < flows; f++) {
            int[] seq = {r.nextInt(30000), r.nextInt(30000)};
            long ts = f * 1_000_000_000_000L;
            for (int k = 0; k < packetsPerFlow; k++) {
                int d = r.nextInt(2);
                Direction dir = d == 0 ? Direction.UP : Direction.DOWN;
                int size = 40 + r.nextInt(160);
                byte[] pl = new byte[size];
                r.nextBytes(pl);
                pl[1] = (byte) zipfOpcode(r, opcodes);
                pl[2] = (byte) (seq[d] >>> 8);
                pl[3] = (byte) seq[d];
                pl[4] = 0x05;
                seq[d]++;
                ts += 20_000_000L;
                out.add(new Pkt(f, k, new PayloadSample(dir, ts, frame++, java.util.Arrays.copyOf(pl, 16), size, true), pl));
            }
        }
        return out;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
