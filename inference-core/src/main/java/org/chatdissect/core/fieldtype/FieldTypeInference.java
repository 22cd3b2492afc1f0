package org.chatdissect.core.fieldtype;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;

/**
 * Section III-A3: assigns each field of a protocol-packet group a type, testing in the paper's order constant,
 * sequence, request/response, length, then opcode (the first remaining field from the start whose value
 * distribution has normalized entropy below the threshold); the rest are unidentified.
 *
 * <p>Choices the paper leaves open (see docs/design/inference.md): numeric values are read both big- and
 * little-endian (big wins ties); sequence numbers must be non-decreasing within every flow and increase somewhere,
 * with per-direction counters accepted when both directions interleaved are not monotonic (voice streams counting each way);
 * the request value of a request/response flag is the one more often sent uplink; entropy is normalized by
 * log2(min(#messages, 256^length)), the largest entropy the sample could show, so that a high-cardinality field
 * seen only a few thousand times is not mistaken for an opcode; adjacent constant fields are merged into one
 * magic number when {@code fieldtype.merge_constants} is on.
 */
public final class FieldTypeInference {
    /**
     * What field typing reads of Table II: {@code reqresp.max_run}, {@code length.min_correlation},
     * {@code opcode.max_entropy}, {@code opcode.reject_flow_ids}, {@code opcode.prefer_varying},
     * {@code fieldtype.merge_constants}; and flags bytes typed bit by bit ({@link BitFlags.Config}).
     */
    public record Config(int reqrespMaxRun, double lengthMinCorrelation, double opcodeMaxEntropy,
            boolean opcodeRejectFlowIds, boolean opcodePreferVarying, boolean fieldtypeMergeConstants,
            BitFlags.Config bits) {
        public static Config of(Parameters p) {
            return new Config(p.reqrespMaxRun(), p.lengthMinCorrelation(), p.opcodeMaxEntropy(),
                    p.opcodeRejectFlowIds(), p.opcodePreferVarying(), p.fieldtypeMergeConstants(), BitFlags.Config.of(p));
        }
    }

    private final Config params;

    public FieldTypeInference(Config params) {
        this.params = params;
    }

    /** Messages in (flow, order) order, shared by every field test. */
    public static final class Sample {
        final long[] flow;
        final boolean[] up;
        final byte[][] prefix;
        final double[] total;
        /** Memo of {@link FieldTypeInference#flowConstant} per byte position. */
        final java.util.Map<Integer, Boolean> flowConstant = new java.util.concurrent.ConcurrentHashMap<>();
        /** Memo of {@link FieldTypeInference#carries} per (high, low) position pair. */
        final java.util.Map<Long, Boolean> carries = new java.util.concurrent.ConcurrentHashMap<>();

        private Sample(List<ProtocolMessage> msgs) {
            List<ProtocolMessage> sorted = new ArrayList<>(msgs);
            sorted.sort(Comparator.comparingLong(ProtocolMessage::flowId).thenComparingLong(ProtocolMessage::order));
            int n = sorted.size();
            flow = new long[n];
            up = new boolean[n];
            prefix = new byte[n][];
            total = new double[n];
            for (int i = 0; i < n; i++) {
                ProtocolMessage m = sorted.get(i);
                flow[i] = m.flowId();
                up[i] = m.dir() == Direction.UP;
                prefix[i] = m.raw();
                total[i] = m.totalLength();
            }
        }

        public int size() {
            return flow.length;
        }
    }

    public static Sample sample(List<ProtocolMessage> msgs) {
        return new Sample(msgs);
    }

    /** Types the fields of {@code seg} over the messages (a message too short for a field is skipped for it). */
    public List<InferredField> infer(List<ProtocolMessage> msgs, Segmentation seg) {
        return infer(sample(msgs), seg);
    }

    public List<InferredField> infer(Sample s, Segmentation seg) {
        List<Typing> typed = new ArrayList<>();
        int opcode = -1;
        int flowConstantOpcode = -1;
        for (int f = 0; f < seg.fieldCount(); f++) {
            int start = seg.fieldStart(f);
            Typing t = type(s, start, seg.fieldEnd(f) - start);
            typed.add(t);
            if (opcode < 0 && t.type == FieldType.UNIDENTIFIED && t.opcodeLike) {
                // a field constant within each flow names the flow rather than its messages: with
                // opcode.prefer_varying a later opcode-like field that varies within flows is the command
                if (params.opcodePreferVarying() && t.session) {
                    flowConstantOpcode = flowConstantOpcode < 0 ? f : flowConstantOpcode;
                } else {
                    opcode = f;
                }
            }
        }
        if (opcode < 0) {
            opcode = flowConstantOpcode;
        }
        List<InferredField> out = new ArrayList<>();
        for (int f = 0; f < typed.size(); f++) {
            out.addAll((f == opcode ? typed.get(f).asOpcode() : typed.get(f)).toFields());
        }
        return params.fieldtypeMergeConstants() ? mergeConstants(out) : out;
    }

    /** A run of constant fields is one magic number; VE often splits it where its bytes repeat elsewhere. */
    static List<InferredField> mergeConstants(List<InferredField> in) {
        List<InferredField> out = new ArrayList<>();
        for (InferredField f : in) {
            InferredField last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.type() == FieldType.CONSTANT && f.type() == FieldType.CONSTANT
                    && last.mask() == null && f.mask() == null) {
                byte[] a = last.values().get(0);
                byte[] b = f.values().get(0);
                byte[] v = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, v, a.length, b.length);
                out.set(out.size() - 1, new InferredField(last.offset(), last.length() + f.length(),
                        FieldType.CONSTANT, List.of(v), null, null, null));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** The result of the type tests on one byte range, before the opcode choice. */
    static final class Typing {
        final int start;
        final int len;
        final FieldType type;
        final String endian;
        final byte[] constant;
        final byte[] request;
        final byte[] response;
        final boolean opcodeLike;
        final List<byte[]> distinct;
        /** Untyped, but constant within every flow and different between flows: a session value (an account number). */
        final boolean session;
        /** A flags byte typed bit by bit, or null. */
        final BitFlags.Layout flags;

        Typing(int start, int len, FieldType type, String endian, byte[] constant, byte[] request, byte[] response,
               boolean opcodeLike, List<byte[]> distinct) {
            this(start, len, type, endian, constant, request, response, opcodeLike, distinct, false);
        }

        Typing(int start, int len, FieldType type, String endian, byte[] constant, byte[] request, byte[] response,
               boolean opcodeLike, List<byte[]> distinct, boolean session) {
            this(start, len, type, endian, constant, request, response, opcodeLike, distinct, session, null);
        }

        Typing(int start, int len, FieldType type, String endian, byte[] constant, byte[] request, byte[] response,
               boolean opcodeLike, List<byte[]> distinct, boolean session, BitFlags.Layout flags) {
            this.flags = flags;
            this.session = session;
            this.start = start;
            this.len = len;
            this.type = type;
            this.endian = endian;
            this.constant = constant;
            this.request = request;
            this.response = response;
            this.opcodeLike = opcodeLike;
            this.distinct = distinct;
        }

        Typing asOpcode() {
            return new Typing(start, len, FieldType.OPCODE, null, null, null, null, true, distinct);
        }

        /** The field, or a flags byte's bit fields (request/response bits, constant bits, varying bits). */
        List<InferredField> toFields() {
            if (flags == null) {
                return List.of(toField());
            }
            List<InferredField> out = new ArrayList<>(3);
            if (flags.reqrespMask() != 0) {
                out.add(InferredField.bits(start, flags.reqrespMask(), FieldType.REQRESP, List.of(),
                        new byte[] {(byte) flags.requestBits()}, new byte[] {(byte) flags.responseBits()}));
            }
            if (flags.constantMask() != 0) {
                out.add(InferredField.bits(start, flags.constantMask(), FieldType.CONSTANT,
                        List.of(new byte[] {(byte) flags.constantBits()}), null, null));
            }
            out.add(InferredField.bits(start, flags.varyingMask(), FieldType.UNIDENTIFIED, List.of(), null, null));
            return out;
        }

        InferredField toField() {
            return switch (type) {
                case CONSTANT -> new InferredField(start, len, type, List.of(constant), null, null, null);
                case OPCODE -> new InferredField(start, len, type, distinct, null, null, null);
                case REQRESP -> new InferredField(start, len, type, List.of(), request, response, null);
                default -> new InferredField(start, len, type, List.of(), null, null, endian);
            };
        }
    }

    /** Runs the constant, sequence, request/response and length tests on bytes [start, start+len). */
    Typing type(Sample s, int start, int len) {
        int end = start + len;
        int[] idx = Arrays.stream(rangeOf(s.size())).filter(i -> s.prefix[i].length >= end).toArray();
        if (idx.length == 0) {
            return new Typing(start, len, FieldType.UNIDENTIFIED, null, null, null, null, false, List.of());
        }
        // Values up to 8 bytes are numbers; longer ones are only compared for equality, via a 64-bit hash.
        long[] be = new long[idx.length];
        long[] le = new long[idx.length];
        for (int k = 0; k < idx.length; k++) {
            byte[] p = s.prefix[idx[k]];
            long b = 0;
            long l = 0;
            if (len <= 8) {
                for (int j = 0; j < len; j++) {
                    b = (b << 8) | (p[start + j] & 0xff);
                    l |= (long) (p[start + j] & 0xff) << (8 * j);
                }
            } else {
                b = Arrays.hashCode(Arrays.copyOfRange(p, start, end)) * 0x9E3779B97F4A7C15L
                        ^ Arrays.hashCode(Arrays.copyOfRange(p, start + len / 2, end));
                l = b;
            }
            be[k] = b;
            le[k] = l;
        }
        Long2IntOpenHashMap counts = new Long2IntOpenHashMap();
        Long2LongOpenHashMap firstAt = new Long2LongOpenHashMap();
        for (int k = 0; k < idx.length; k++) {
            counts.addTo(be[k], 1);
            firstAt.putIfAbsent(be[k], k);
        }
        List<byte[]> distinct = new ArrayList<>();
        for (long v : counts.keySet()) {
            distinct.add(Arrays.copyOfRange(s.prefix[idx[(int) firstAt.get(v)]], start, end));
        }
        distinct.sort(Arrays::compareUnsigned);
        if (counts.size() == 1) {
            return new Typing(start, len, FieldType.CONSTANT, null, distinct.get(0), null, null, false, distinct);
        }
        // counters are at most 5 bytes wide; a wider span typed as one is glued fields
        if (len <= MAX_SEQUENCE_BYTES) {
            if (isSequence(s, idx, be, len, len > 1 && carries(s, end - 2, end - 1))
                    && !topCutsSessionValue(s, start, start - 1)) {
                return new Typing(start, len, FieldType.SEQUENCE, "big", null, null, null, false, List.of());
            }
            if (len > 1 && isSequence(s, idx, le, len, carries(s, start + 1, start))
                    && !topCutsSessionValue(s, end - 1, end)) {
                return new Typing(start, len, FieldType.SEQUENCE, "little", null, null, null, false, List.of());
            }
        }
        if (counts.size() == 2 && maxRun(s, idx, be) <= params.reqrespMaxRun()) {
            byte[][] rr = requestFirst(s, idx, be, distinct, start);
            return new Typing(start, len, FieldType.REQRESP, null, null, rr[0], rr[1], false, List.of());
        }
        if (len <= 8) {
            double cb = correlation(s, idx, be, len == 8);
            double cl = len > 1 ? correlation(s, idx, le, len == 8) : Double.NaN;
            double min = params.lengthMinCorrelation();
            if (cb >= min || cl >= min) {
                String endian = !(cl > cb) ? "big" : "little";
                return new Typing(start, len, FieldType.LENGTH, endian, null, null, null, false, List.of());
            }
        }
        double h = 0;
        double n = idx.length;
        for (int c : counts.values()) {
            double p = c / n;
            h -= p * Math.log(p);
        }
        double maxH = Math.log(Math.min(n, Math.pow(256, len)));
        boolean opcodeLike = maxH > 0 && h / maxH < params.opcodeMaxEntropy();
        // A random byte next to a real opcode byte makes a field whose entropy, normalised over 65536
        // values, still looks low; every byte of an opcode must pass the bound on its own.
        for (int b = 0; opcodeLike && len > 1 && b < len; b++) {
            opcodeLike = byteEntropy(s, idx, start + b) < params.opcodeMaxEntropy();
        }
        // Nor may a byte of a wider opcode be a session value (constant within every flow, different between
        // flows): it names the session, not the message kind (a counter's high byte next to a command byte).
        for (int b = 0; opcodeLike && len > 1 && b < len; b++) {
            opcodeLike = !(flowConstant(s, start + b) && !globallyConstant(s, start + b));
        }
        boolean session = true;
        for (int b = 0; session && b < len; b++) {
            session = flowConstant(s, start + b);
        }
        if (opcodeLike && params.opcodeRejectFlowIds() && isFlowIdentifier(s, start, len)) {
            opcodeLike = false;
        }
        BitFlags.Layout flags = len == 1 ? BitFlags.of(s, start, params.bits()) : null;
        if (flags != null) {
            // bits set one by one from message to message: a flags byte, not the message's command
            return new Typing(start, len, FieldType.UNIDENTIFIED, null, null, null, null, false, distinct, false, flags);
        }
        return new Typing(start, len, FieldType.UNIDENTIFIED, null, null, null, null, opcodeLike, distinct, session);
    }

    /**
     * A counter read so that its most significant byte {@code top} is constant within every flow while the next more
     * significant position {@code beyond} is constant within every flow too and not always zero: the counter's top
     * then cuts a flow-constant value in two (a sequence number's low byte glued to half of an account number after it,
     * read little endian), and the reading is refused. A real counter's top is bounded by a field that varies within
     * flows (a command byte), by a value that is the same in every flow (a protocol constant: no session value) or
     * continues into zero high bytes of the same number.
     */
    static boolean topCutsSessionValue(Sample s, int top, int beyond) {
        return beyond >= 0 && flowConstant(s, top) && flowConstant(s, beyond) && !globallyConstant(s, beyond);
    }

    /**
     * How many of a counter's most significant bytes, after the first, are constant within every flow and not always
     * zero (counting from the top down, up to the first byte that moves within a flow). Over a trace a counter moves
     * its low bytes; such bytes are what it may have swallowed from a neighbouring session value.
     *
     * @param step +1 when significance falls with rising positions (big endian), -1 otherwise
     */
    static int sessionTopBytes(Sample s, int msb, int step, int len) {
        int count = 0;
        for (int k = 0; k < len - 1; k++) {
            int pos = msb + k * step;
            if (!flowConstant(s, pos)) {
                break;
            }
            if (!alwaysZero(s, pos)) {
                count++;
            }
        }
        return Math.max(0, count - 1);
    }

    /**
     * One value in at least this share of a flow's messages makes a byte constant in that flow: a session's counter
     * high byte or account number, next to which the server's pushes (own counter) and stray packets leave some
     * messages out.
     */
    static final double FLOW_CONSTANT_SHARE = 0.9;

    /** Constant (see {@link #FLOW_CONSTANT_SHARE}) within at least 90% of the flows that reach the position. */
    static boolean flowConstant(Sample s, int pos) {
        return s.flowConstant.computeIfAbsent(pos, p -> computeFlowConstant(s, p));
    }

    private static boolean computeFlowConstant(Sample s, int pos) {
        FlowGroups g = FlowGroups.of(s, pos, pos + 1, false, MIN_FLOW_MESSAGES, FLOW_CONSTANT_SHARE);
        return g.groups > 0 && g.fixed >= 0.9 * g.groups;
    }

    /**
     * Whether byte {@code hi} is the carry of byte {@code lo}: between consecutive messages of one flow and direction,
     * {@code hi} steps up by one when {@code lo} wraps (its value falls), at least once, and {@code hi} otherwise
     * (nearly) never changes. Two such bytes are one counter, whatever else their statistics say.
     */
    static boolean carries(Sample s, int hi, int lo) {
        return s.carries.computeIfAbsent(((long) hi << 32) | lo, k -> computeCarries(s, hi, lo));
    }

    private static boolean computeCarries(Sample s, int hi, int lo) {
        int need = Math.max(hi, lo) + 1;
        int carry = 0;
        int other = 0;
        int[] last = {-1, -1};
        long curFlow = Long.MIN_VALUE;
        for (int i = 0; i < s.size(); i++) {
            byte[] p = s.prefix[i];
            if (s.flow[i] != curFlow) {
                curFlow = s.flow[i];
                last[0] = -1;
                last[1] = -1;
            }
            if (p.length < need) {
                continue;
            }
            int slot = s.up[i] ? 1 : 0;
            int v = (p[hi] & 0xff) << 8 | p[lo] & 0xff;
            if (last[slot] >= 0) {
                int ph = last[slot] >>> 8;
                int pl = last[slot] & 0xff;
                int h = v >>> 8;
                int l = v & 0xff;
                if (h != ph) {
                    if (h == ((ph + 1) & 0xff) && l < pl) {
                        carry++;
                    } else {
                        other++;
                    }
                }
            }
            last[slot] = v;
        }
        return carry > 0 && other <= carry / 10;
    }

    /** Flows with fewer messages carry no evidence of what is constant within a flow. */
    static final int MIN_FLOW_MESSAGES = 6;

    /** Whether every message reaching {@code pos} has the same byte there. */
    private static boolean globallyConstant(Sample s, int pos) {
        int v = -1;
        for (byte[] p : s.prefix) {
            if (p.length > pos) {
                if (v >= 0 && (p[pos] & 0xff) != v) {
                    return false;
                }
                v = p[pos] & 0xff;
            }
        }
        return true;
    }

    private static boolean alwaysZero(Sample s, int pos) {
        for (byte[] p : s.prefix) {
            if (p.length > pos && p[pos] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A value fixed within each flow direction but particular to few of them is an identifier of a session or a
     * sender (an account number, a session key), not an opcode: an opcode names tasks, so its values recur
     * across many flows (a content type fixed per flow takes a few values over hundreds of flows) or change
     * within a flow (a command byte). Its entropy is low only because a lab trace holds few sessions. Groups are (flow,
     * direction) pairs with at least two messages; a group is fixed when 95% of its messages carry its most
     * common value. It takes at least 4 fixed groups, 90% of groups fixed, and at least half of the distinct
     * values seen in a single group (the peers' numbers, each in its own call, beside the lab phone's own).
     */
    static boolean isFlowIdentifier(Sample s, int start, int len) {
        FlowGroups g = FlowGroups.of(s, start, start + len, true, 2, 0.95);
        long single = g.groupsOfValue.values().intStream().filter(c -> c == 1).count();
        return g.fixed >= 4 && g.fixed >= 0.9 * g.groups && g.values() >= 4 && 2 * single >= g.values();
    }

    /** Normalised entropy of one byte position over the messages of {@code idx}. */
    private static double byteEntropy(Sample s, int[] idx, int pos) {
        int[] c = new int[256];
        for (int i : idx) {
            c[s.prefix[i][pos] & 0xff]++;
        }
        double n = idx.length;
        double h = 0;
        for (int v : c) {
            if (v > 0) {
                h -= v / n * Math.log(v / n);
            }
        }
        double maxH = Math.log(Math.min(n, 256));
        return maxH > 0 ? h / maxH : 0;
    }

    private static int[] rangeOf(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /**
     * Non-decreasing within each flow and increasing somewhere; per-direction counters as the fallback.
     * A counter's value also changes between most consecutive messages of a direction: without that test
     * the high byte of a counter (or an opcode constant within a flow glued to it) passes as a sequence,
     * since it too never decreases.
     */
    private static boolean isSequence(Sample s, int[] idx, long[] v, int len, boolean lowCarried) {
        return (monotonic(s, idx, v, false, len, lowCarried) || monotonic(s, idx, v, true, len, lowCarried))
                && changeRate(s, idx, v) >= MIN_SEQUENCE_CHANGE_RATE;
    }

    /** Share of consecutive same-flow, same-direction message pairs whose value differs. */
    static final double MIN_SEQUENCE_CHANGE_RATE = 0.5;

    static final int MAX_SEQUENCE_BYTES = 5;

    /** Median step of a counter's low-order byte (mod 256); random bytes give about 128. */
    static final long MAX_LOW_BYTE_STEP = 64;

    private static double changeRate(Sample s, int[] idx, long[] v) {
        long pairs = 0;
        long changes = 0;
        long curFlow = Long.MIN_VALUE;
        boolean[] seen = new boolean[2];
        long[] prev = new long[2];
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            if (k == 0 || s.flow[i] != curFlow) {
                curFlow = s.flow[i];
                seen[0] = false;
                seen[1] = false;
            }
            int slot = s.up[i] ? 1 : 0;
            if (seen[slot]) {
                pairs++;
                if (v[k] != prev[slot]) {
                    changes++;
                }
            }
            seen[slot] = true;
            prev[slot] = v[k];
        }
        return pairs == 0 ? 0 : (double) changes / pairs;
    }

    /**
     * Counters of 1-3 bytes wrap within a long flow (a 16-bit voice sequence after 65536 packets): a step
     * from the top quarter of the range to the bottom quarter counts as an increase. A counter also moves
     * in small steps: the median step must stay below the square root of the range, which tells the real
     * counter (bytes 2-4, say) from a window that merely starts with its low byte (bytes 4-6).
     * Up to 10% of steps may go backwards: a packet of another format that happens to share the anchor
     * bytes must not hide a counter, nor may server-initiated exchanges that run their own counter in the
     * same field (server pushes); random bytes step backwards half the time.
     */
    private static boolean monotonic(Sample s, int[] idx, long[] v, boolean perDirection, int len,
            boolean lowCarried) {
        long range = len >= 8 ? 0 : 1L << (8 * len);
        long curFlow = Long.MIN_VALUE;
        boolean[] seen = new boolean[2];
        long[] prev = new long[2];
        long pairs = 0;
        long backwards = 0;
        it.unimi.dsi.fastutil.longs.LongArrayList steps = new it.unimi.dsi.fastutil.longs.LongArrayList();
        it.unimi.dsi.fastutil.longs.LongArrayList lowSteps = new it.unimi.dsi.fastutil.longs.LongArrayList();
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            if (k == 0 || s.flow[i] != curFlow) {
                curFlow = s.flow[i];
                seen[0] = false;
                seen[1] = false;
            }
            int slot = perDirection && s.up[i] ? 1 : 0;
            if (seen[slot]) {
                pairs++;
                int c = Long.compareUnsigned(v[k], prev[slot]);
                boolean wrapped = range > 0 && len < 4 && prev[slot] >= range - range / 4 && v[k] < range / 4;
                if (wrapped) {
                    steps.add(v[k] + range - prev[slot]);
                } else if (c < 0) {
                    backwards++;
                } else if (c > 0) {
                    steps.add(v[k] - prev[slot]);
                }
                if (c != 0) {
                    lowSteps.add((v[k] - prev[slot]) & 0xff);
                }
            }
            seen[slot] = true;
            prev[slot] = v[k];
        }
        if (steps.isEmpty() || backwards > pairs / 10) {
            return false;
        }
        // The low-order byte of a counter moves by small steps; a span whose low-order byte is a command or
        // random (a command byte glued to a sequence and an account number) moves it anywhere. Unless the next
        // byte is its carry: then the two are one counter that steps far (1-255 a packet).
        long[] low = lowSteps.toLongArray();
        Arrays.sort(low);
        if (!lowCarried && low.length > 0 && low[low.length / 2] > MAX_LOW_BYTE_STEP) {
            return false;
        }
        // ... and when it moves, it moves by a small step: a command byte read as the low byte stays put between
        // repeats of one command (a run of heartbeats), which can pull the median down, but jumps anywhere when
        // the command changes
        if (!lowCarried && smallShareOfMoves(low) < MIN_SMALL_MOVE_SHARE) {
            return false;
        }
        // ... and it moves at (nearly) every step: a span whose low-order bytes stay put while a higher byte moves
        // is a counter glued to a session value (a sequence number and an account number after it)
        if (low.length > 0 && low[(low.length - 1) / 2] == 0) {
            return false;
        }
        if (len <= 7) {
            long[] a = steps.toLongArray();
            Arrays.sort(a);
            long median = a[a.length / 2];
            return Long.compareUnsigned(median, 1L << (4 * len)) <= 0;
        }
        return true;
    }

    /** Share of a counter's low-byte moves that must be small ({@link #MAX_LOW_BYTE_STEP}). */
    static final double MIN_SMALL_MOVE_SHARE = 0.5;

    /** Of the non-zero low-byte steps, the share of at most {@link #MAX_LOW_BYTE_STEP}; 1 when none moved. */
    private static double smallShareOfMoves(long[] lowSteps) {
        int moved = 0;
        int small = 0;
        for (long d : lowSteps) {
            if (d != 0) {
                moved++;
                small += d <= MAX_LOW_BYTE_STEP ? 1 : 0;
            }
        }
        return moved == 0 ? 1.0 : (double) small / moved;
    }

    private static int maxRun(Sample s, int[] idx, long[] v) {
        int max = 0;
        int run = 0;
        for (int k = 0; k < idx.length; k++) {
            boolean sameFlow = k > 0 && s.flow[idx[k]] == s.flow[idx[k - 1]];
            run = sameFlow && v[k] == v[k - 1] ? run + 1 : 1;
            max = Math.max(max, run);
        }
        return max;
    }

    /** The value sent uplink more often (by share of its occurrences) is the request; ties go to the smaller. */
    private static byte[][] requestFirst(Sample s, int[] idx, long[] v, List<byte[]> distinct, int start) {
        byte[] a = distinct.get(0);
        byte[] b = distinct.get(1);
        long va = 0;
        for (byte x : a) {
            va = (va << 8) | (x & 0xff);
        }
        double[] up = new double[2];
        double[] all = new double[2];
        for (int k = 0; k < idx.length; k++) {
            int slot = v[k] == va || a.length > 8 && Arrays.equals(a, 0, a.length, s.prefix[idx[k]], start, start + a.length) ? 0 : 1;
            all[slot]++;
            if (s.up[idx[k]]) {
                up[slot]++;
            }
        }
        return up[1] / all[1] > up[0] / all[0] ? new byte[][] {b, a} : new byte[][] {a, b};
    }

    /**
     * Share of the messages holding bytes [start, start+len) whose value, read in the given byte order, is the
     * message length plus one common offset (the mode of value - length). A real length field is exact: it counts
     * bytes. A span that also holds the low-order neighbour of a length still correlates (the neighbour hardly
     * moves the number) but is never exact.
     */
    static double exactLengthShare(Sample s, int start, int len, boolean little) {
        return len > 8 ? 0 : LengthRelations.exactShare(s, start, len, little);
    }

    private static double correlation(Sample s, int[] idx, long[] v, boolean unsigned64) {
        double[] x = new double[idx.length];
        double[] y = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            x[k] = unsigned64 && v[k] < 0 ? (double) (v[k] >>> 1) * 2.0 : (double) v[k];
            y[k] = s.total[idx[k]];
        }
        return pearson(x, y);
    }

    /**
     * Pearson's r, NaN when fewer than two pairs or either side is constant. commons-math's updating formulas, not
     * one-pass sums of squares: a wide field whose high bytes are large and fixed (values near 2^40 that move by a
     * few hundred) loses all of its variance to cancellation in {@code sum(x*x) - sum(x)^2/n}.
     */
    static double pearson(double[] x, double[] y) {
        if (x.length < 2) {
            return Double.NaN;
        }
        return new PearsonsCorrelation().correlation(x, y);
    }
}
