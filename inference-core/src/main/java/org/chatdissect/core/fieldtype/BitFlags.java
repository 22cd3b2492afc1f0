package org.chatdissect.core.fieldtype;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.chatdissect.core.params.Parameters;

/**
 * A flags byte, typed bit by bit (the paper types whole bytes; its stated limit): bits that never change are a
 * constant, bits that alternate between a request and its response (as a whole-byte request/response field does) are
 * a request/response bit, and the others vary on their own from message to message. A byte is read so only when every
 * bit is one of these kinds, its varying bits are busy (each value in at least {@code bits.min_share} of the messages;
 * a rarely set flag could pass for a constant) and independent of each other and of the request/response bits
 * (Pearson's chi-square on every pair of them, p above {@code bits.min_p}): flags set one by one give every
 * combination, while the values of an opcode, a counter or a length are tied to each other. Without that test a dense
 * set of opcodes (0 to 15) would read as four flags. Nor is a byte whose only fixed bits are zeros above its busy bits
 * a flags byte: that is the high byte of a small number (a screen coordinate below 2048), whose zero bits a larger
 * value sets. Pure: the same messages give the same layout.
 */
public final class BitFlags {
    /** {@code bits.min_share} (0: off), {@code bits.min_messages}, {@code bits.min_p}, and {@code reqresp.max_run}. */
    public record Config(double minShare, int minMessages, double minP, int reqrespMaxRun) {
        public static Config of(Parameters p) {
            return new Config(p.bitsMinShare(), p.bitsMinMessages(), p.bitsMinP(), p.reqrespMaxRun());
        }

        boolean on() {
            return minShare > 0;
        }
    }

    /**
     * The bits of a flags byte by kind; masks are disjoint and cover the byte.
     *
     * @param requestBits  the request/response bits' value in a request (the value sent uplink more often)
     * @param constantBits the constant bits' value
     */
    public record Layout(int reqrespMask, int requestBits, int constantMask, int constantBits, int varyingMask) {
        public int responseBits() {
            return ~requestBits & reqrespMask;
        }
    }

    private BitFlags() {}

    /** The layout of the byte at {@code pos}, or null when it is not a flags byte (or the test is off). */
    static Layout of(FieldTypeInference.Sample s, int pos, Config c) {
        if (!c.on()) {
            return null;
        }
        int[] idx = java.util.stream.IntStream.range(0, s.size()).filter(i -> s.prefix[i].length > pos).toArray();
        int n = idx.length;
        if (n < c.minMessages()) {
            return null;
        }
        int[] v = new int[n];
        int[] ones = new int[8];
        for (int k = 0; k < n; k++) {
            v[k] = s.prefix[idx[k]][pos] & 0xff;
            for (int b = 0; b < 8; b++) {
                ones[b] += v[k] >>> b & 1;
            }
        }
        int constantMask = 0;
        int reqrespMask = 0;
        int requestBits = 0;
        int varyingMask = 0;
        for (int b = 0; b < 8; b++) {
            int bit = 1 << b;
            if (ones[b] == 0 || ones[b] == n) {
                constantMask |= bit;
            } else if (maxRun(s, idx, v, bit) <= c.reqrespMaxRun()) {
                reqrespMask |= bit;
                requestBits |= uplinkValue(s, idx, v, bit);
            } else if (ones[b] >= c.minShare() * n && n - ones[b] >= c.minShare() * n) {
                varyingMask |= bit;
            } else {
                return null; // a rare flag, or a bit that hardly moves: no kind fits it
            }
        }
        int varying = Integer.bitCount(varyingMask);
        if (varying == 0 || reqrespMask == 0 && varying < 2 || (constantMask | reqrespMask) == 0) {
            return null; // nothing varies on its own, one varying bit is a two-valued field, or no bit is fixed
        }
        if (reqrespMask == 0 && (v[0] & constantMask) == 0 && varyingMask < Integer.lowestOneBit(constantMask)) {
            return null; // zero high bits over busy low ones: a small number's high byte (a coordinate), no flags
        }
        if (FieldTypeInference.flowConstant(s, pos)) {
            return null; // a session value, whatever its bits do
        }
        int moving = varyingMask | reqrespMask;
        ChiSquareTest chi = new ChiSquareTest();
        for (int a = 0; a < 8; a++) {
            for (int b = a + 1; b < 8; b++) {
                if ((moving >>> a & 1) == 0 || (moving >>> b & 1) == 0) {
                    continue;
                }
                long[][] t = new long[2][2];
                for (int x : v) {
                    t[x >>> a & 1][x >>> b & 1]++;
                }
                if (chi.chiSquareTest(t) <= c.minP()) {
                    return null;
                }
            }
        }
        return new Layout(reqrespMask, requestBits, constantMask, v[0] & constantMask, varyingMask);
    }

    /** The longest run of one value of the bit among consecutive messages of a flow (messages in flow order). */
    private static int maxRun(FieldTypeInference.Sample s, int[] idx, int[] v, int bit) {
        int max = 0;
        int run = 0;
        for (int k = 0; k < idx.length; k++) {
            boolean same = k > 0 && s.flow[idx[k]] == s.flow[idx[k - 1]] && (v[k] & bit) == (v[k - 1] & bit);
            run = same ? run + 1 : 1;
            max = Math.max(max, run);
        }
        return max;
    }

    /** The bit's value (0 or {@code bit}) that is sent uplink more often, by share of its occurrences. */
    private static int uplinkValue(FieldTypeInference.Sample s, int[] idx, int[] v, int bit) {
        double[] up = new double[2];
        double[] all = new double[2];
        for (int k = 0; k < idx.length; k++) {
            int slot = (v[k] & bit) == 0 ? 0 : 1;
            all[slot]++;
            up[slot] += s.up[idx[k]] ? 1 : 0;
        }
        return up[1] / all[1] > up[0] / all[0] ? bit : 0;
    }
}
