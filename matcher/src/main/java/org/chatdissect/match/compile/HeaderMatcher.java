package org.chatdissect.match.compile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Hex;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.match.LengthRange;

/**
 * The header signatures of one transport (TCP or UDP), compiled into flat arrays so that deciding a packet
 * costs a few byte comparisons and allocates nothing. Semantics are those of {@link HeaderSignatures}
 * (checked by a differential test): a signature matches when the payload is long enough, every constant
 * equals one of its values, every reqresp field its request or response value, (UDP only) the opcode
 * one of its values, and every compared length field gives a message length within the signature's bounds (UDP: the
 * datagram's length). Signatures keep file order: {@link #first} returns the first match, as the reference
 * tie rule says.
 *
 * <p>A "check" is one compared field: an offset, a length and a set of accepted values. Values of up to
 * 8 bytes are compared as one {@code long}; longer ones byte by byte. A "length check" is one compared length field,
 * compiled like a constant: {@link LengthRange} turns {@code required <= value + adjust <= max} into bounds on the
 * value, read with one load ({@link VarHandle} views for 2, 4 and 8 bytes) and compared with two constants; UDP adds
 * {@code value == len - adjust}. An 8-byte value with its top bit set reads negative and fails the lower bound
 * ({@code lo >= 0}), which is the reference's "does not fit a signed long" rule.
 */
public final class HeaderMatcher {
    /** Local index (0..size-1) to the signature, in file order. */
    private final Signature[] signatures;
    private final int[] app;
    private final int[] minLen;
    private final int[] checkFrom;
    private final int[] checkTo;

    private final int[] checkOff;
    private final int[] checkLen;
    private final int[] altFrom;
    private final int[] altTo;
    private final long[] altLong;
    private final byte[][] altBytes;

    // per signature: opcode, reqresp and sequence fields (-1 when absent)
    private final int[] opOff;
    private final int[] opLen;
    private final long[][] opKeys;
    private final OpcodeInfo[][] opInfos;
    private final int[] rrOff;
    private final byte[][] rrRequest;
    /** The reqresp field's bits (0xff for a whole byte or more). */
    private final int[] rrMask;
    private final int[] seqOff;
    private final int[] seqLen;
    private final boolean[] seqLittle;
    /** Whether check k compares a constant field (the fields a version tolerance applies to). */
    private final boolean[] checkConstant;
    /** The bits check k compares: a bit field's mask, or -1 (every bit). */
    private final long[] checkMask;
    /** Per signature: constant bytes that may differ ({@link HeaderSignatures#matches(Signature, byte[], int, int, int)}). */
    private final int[] tolerance;
    /** Per signature: {@link Signature#comparedBytes()}. */
    private final int[] compared;
    /** Per signature: the opcode field's listed values, sorted; null when it lists none or has no opcode field. */
    private final long[][] opValues;
    /** Sorted server ports of restricted (weak TCP) signatures, null for the others. */
    private final int[][] ports;

    // compared length fields: signature i owns length checks lenFrom[i] .. lenTo[i]-1
    private final int[] lenFrom;
    private final int[] lenTo;
    private final int[] lenOff;
    private final int[] lenWidth;
    private final boolean[] lenLittle;
    /** Bounds of the field's value ({@link LengthRange}). */
    private final long[] lenLo;
    private final long[] lenHi;
    private final int[] lenAdjust;
    /** UDP signatures: the value plus adjust must also be the payload length. */
    private final boolean[] lenExact;

    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    HeaderMatcher(List<Signature> sigs, List<Integer> appIndex) {
        this(sigs, appIndex, 0);
    }

    /** @param versionTolerance constant bytes that may differ from every listed value (0: exact) */
    HeaderMatcher(List<Signature> sigs, List<Integer> appIndex, int versionTolerance) {
        int n = sigs.size();
        tolerance = new int[n];
        compared = new int[n];
        opValues = new long[n][];
        signatures = sigs.toArray(new Signature[0]);
        app = new int[n];
        minLen = new int[n];
        checkFrom = new int[n];
        checkTo = new int[n];
        opOff = new int[n];
        opLen = new int[n];
        opKeys = new long[n][];
        opInfos = new OpcodeInfo[n][];
        rrOff = new int[n];
        rrRequest = new byte[n][];
        rrMask = new int[n];
        seqOff = new int[n];
        seqLen = new int[n];
        seqLittle = new boolean[n];
        ports = new int[n][];
        for (int i = 0; i < n; i++) {
            if (signatures[i].restrictedToServerPorts()) {
                ports[i] = signatures[i].servers().stream().mapToInt(org.chatdissect.model.Server::port)
                        .distinct().sorted().toArray();
            }
        }
        List<int[]> checks = new ArrayList<>(); // {off, len, altFrom, altTo, constant ? 1 : 0, mask or -1}
        List<Long> longs = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        List<FieldSpec> lengths = new ArrayList<>();
        List<Signature> lengthOwners = new ArrayList<>();
        lenFrom = new int[n];
        lenTo = new int[n];
        for (int i = 0; i < n; i++) {
            Signature s = signatures[i];
            app[i] = appIndex.get(i);
            minLen[i] = HeaderSignatures.requiredLength(s);
            tolerance[i] = s.restrictedToServerPorts() ? 0 : versionTolerance;
            compared[i] = s.comparedBytes();
            opValues[i] = s.opcodeField().filter(f -> !f.values().isEmpty() && f.length() <= 8)
                    .map(f -> f.values().stream().map(Hex::decode).mapToLong(b -> toLong(b, 0, b.length)).sorted()
                            .toArray())
                    .orElse(null);
            lenFrom[i] = lengths.size();
            for (FieldSpec f : s.fields()) {
                if (f.comparesLength()) {
                    lengths.add(f);
                    lengthOwners.add(s);
                }
            }
            lenTo[i] = lengths.size();
            checkFrom[i] = checks.size();
            opOff[i] = -1;
            rrOff[i] = -1;
            seqOff[i] = -1;
            for (FieldSpec f : s.fields()) {
                List<String> accepted = switch (f.type()) {
                    case CONSTANT -> f.values();
                    case REQRESP -> List.of(f.request(), f.response());
                    case OPCODE -> s.requiresKnownOpcode() ? f.values() : null;
                    case SEQUENCE, LENGTH, UNIDENTIFIED -> null;
                };
                if (f.type() == FieldType.OPCODE && opOff[i] < 0) {
                    opOff[i] = f.offset();
                    opLen[i] = f.length();
                    compileOpcodes(i, f, s.opcodes());
                }
                if (f.type() == FieldType.REQRESP && rrOff[i] < 0) {
                    rrOff[i] = f.offset();
                    rrRequest[i] = Hex.decode(f.request());
                    rrMask[i] = f.byteMask();
                }
                if (f.type() == FieldType.SEQUENCE && seqOff[i] < 0) {
                    seqOff[i] = f.offset();
                    seqLen[i] = Math.min(8, f.length());
                    seqLittle[i] = f.endian() == Endian.LITTLE;
                }
                if (accepted == null) {
                    continue;
                }
                int from = f.length() <= 8 ? longs.size() : bytes.size();
                for (String v : accepted) {
                    byte[] b = Hex.decode(v);
                    if (f.length() <= 8) {
                        longs.add(toLong(b, 0, b.length));
                    } else {
                        bytes.add(b);
                    }
                }
                int to = f.length() <= 8 ? longs.size() : bytes.size();
                checks.add(new int[] {f.offset(), f.length(), from, to, f.type() == FieldType.CONSTANT ? 1 : 0,
                        f.isBitField() ? f.mask() : -1});
            }
            checkTo[i] = checks.size();
        }
        int c = checks.size();
        checkOff = new int[c];
        checkLen = new int[c];
        altFrom = new int[c];
        altTo = new int[c];
        checkConstant = new boolean[c];
        checkMask = new long[c];
        for (int k = 0; k < c; k++) {
            int[] ch = checks.get(k);
            checkConstant[k] = ch[4] == 1;
            checkMask[k] = ch[5];
            checkOff[k] = ch[0];
            checkLen[k] = ch[1];
            altFrom[k] = ch[2];
            altTo[k] = ch[3];
        }
        altLong = longs.stream().mapToLong(Long::longValue).toArray();
        altBytes = bytes.toArray(new byte[0][]);
        int l = lengths.size();
        lenOff = new int[l];
        lenWidth = new int[l];
        lenLittle = new boolean[l];
        lenLo = new long[l];
        lenHi = new long[l];
        lenAdjust = new int[l];
        lenExact = new boolean[l];
        for (int k = 0; k < l; k++) {
            FieldSpec f = lengths.get(k);
            LengthRange r = LengthRange.of(lengthOwners.get(k), f);
            lenOff[k] = f.offset();
            lenWidth[k] = f.length();
            lenLittle[k] = f.endian() == Endian.LITTLE;
            lenLo[k] = r.lo();
            lenHi[k] = r.hi();
            lenAdjust[k] = f.adjust();
            lenExact[k] = lengthOwners.get(k).flowType() == FlowType.UDP;
        }
    }

    private void compileOpcodes(int i, FieldSpec f, Map<String, OpcodeInfo> table) {
        if (f.length() > 8) {
            opKeys[i] = new long[0];
            opInfos[i] = new OpcodeInfo[0];
            return;
        }
        // sorted by numeric value for binary search; hex keys of equal length sort like their values
        long[] keys = new long[table.size()];
        OpcodeInfo[] infos = new OpcodeInfo[table.size()];
        int k = 0;
        for (Map.Entry<String, OpcodeInfo> e : table.entrySet()) {
            byte[] b = Hex.decode(e.getKey());
            keys[k] = toLong(b, 0, b.length);
            infos[k] = e.getValue();
            k++;
        }
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(keys[a], keys[b]));
        opKeys[i] = new long[k];
        opInfos[i] = new OpcodeInfo[k];
        for (int j = 0; j < k; j++) {
            opKeys[i][j] = keys[order[j]];
            opInfos[i][j] = infos[order[j]];
        }
    }

    /** Number of signatures. */
    public int size() {
        return signatures.length;
    }

    public Signature signature(int local) {
        return signatures[local];
    }

    /** The application index (see {@link CompiledSignatures#apps()}) of a signature. */
    public int app(int local) {
        return app[local];
    }

    /** The first signature (file order) matching the payload, or -1. */
    public int first(byte[] p, int off, int len) {
        for (int i = 0; i < signatures.length; i++) {
            if (matches(i, p, off, len)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first signature that matches a payload of a flow with this server port: like {@link #first}, skipping
     * signatures {@link Signature#restrictedToServerPorts() restricted} to other ports (weak TCP signatures).
     */
    public int first(byte[] p, int off, int len, int serverPort) {
        for (int i = 0; i < signatures.length; i++) {
            if (matches(i, p, off, len) && (ports[i] == null || java.util.Arrays.binarySearch(ports[i], serverPort) >= 0)) {
                return i;
            }
        }
        return -1;
    }

    /** What one payload matches, for the UDP all-packets rule and its tasks: filled by {@link #match}. */
    public static final class Matches {
        /** The candidate applications with a matching signature (bit i = app i). */
        public long apps;
        /** The first matching signature of any application (file order), or -1: the packet's task label. */
        public int first;
        /** For each application of {@link #apps}, its first matching signature. */
        public final int[] firstOfApp = new int[64];
    }

    /**
     * The candidate applications with a matching signature, each one's first, and {@link #first} in one pass, each
     * signature tried at most once: a UDP packet needs all of them (the apps still possible for the all-packets rule,
     * restricted to {@code candidates}, and the signature naming its task).
     */
    public void match(byte[] p, int off, int len, long candidates, Matches out) {
        out.apps = 0;
        out.first = -1;
        for (int i = 0; i < signatures.length; i++) {
            long bit = 1L << app[i];
            boolean forApp = (candidates & bit) != 0 && (out.apps & bit) == 0;
            if ((forApp || out.first < 0) && matches(i, p, off, len)) {
                if (out.first < 0) {
                    out.first = i;
                }
                if (forApp) {
                    out.apps |= bit;
                    out.firstOfApp[app[i]] = i;
                }
            }
        }
    }

    /** {@link HeaderSignatures#matches} for signature {@code local}, without allocation. */
    public boolean matches(int local, byte[] p, int off, int len) {
        if (len < minLen[local]) {
            return false;
        }
        int differing = 0;
        for (int k = checkFrom[local], end = checkTo[local]; k < end; k++) {
            int at = off + checkOff[k];
            int n = checkLen[k];
            boolean ok = false;
            if (n <= 8) {
                long v = toLong(p, at, n) & checkMask[k];
                for (int a = altFrom[k], e = altTo[k]; a < e; a++) {
                    if (altLong[a] == v) {
                        ok = true;
                        break;
                    }
                }
            } else {
                for (int a = altFrom[k], e = altTo[k]; a < e; a++) {
                    if (Arrays.equals(altBytes[a], 0, n, p, at, at + n)) {
                        ok = true;
                        break;
                    }
                }
            }
            if (!ok) {
                if (!checkConstant[k] || tolerance[local] == 0) {
                    return false;
                }
                differing += closest(k, p, at);
                if (differing > tolerance[local]) {
                    return false;
                }
            }
        }
        if (differing > 0 && !structureHolds(local, p, off, differing)) {
            return false;
        }
        for (int k = lenFrom[local], end = lenTo[local]; k < end; k++) {
            long v = unsigned(p, off + lenOff[k], lenWidth[k], lenLittle[k]);
            if (lenExact[k]) {
                long m = (long) len - lenAdjust[k]; // the value a one-message datagram must carry
                if (v != m || m < lenLo[k] || m > lenHi[k]) {
                    return false;
                }
            } else if (v < lenLo[k] || v > lenHi[k]) {
                return false;
            }
        }
        return true;
    }

    /** Bytes in which check k's field at {@code at} differs from its closest accepted value. */
    private int closest(int k, byte[] p, int at) {
        int n = checkLen[k];
        int best = Integer.MAX_VALUE;
        for (int a = altFrom[k], e = altTo[k]; a < e; a++) {
            int d = 0;
            for (int i = 0; i < n; i++) {
                byte v = n <= 8 ? (byte) (altLong[a] >>> (8 * (n - 1 - i))) : altBytes[a][i];
                d += v == (byte) (p[at + i] & checkMask[k]) ? 0 : 1;
            }
            best = Math.min(best, d);
        }
        return best;
    }

    /** A payload that used the tolerance still shows the structure: enough equal bytes and a listed opcode. */
    private boolean structureHolds(int local, byte[] p, int off, int differing) {
        if (compared[local] - differing < Signature.STRONG_CONSTANT_BYTES) {
            return false;
        }
        long[] ops = opValues[local];
        if (ops == null) {
            // no listed opcode, or one wider than 8 bytes (compared as the reference does; never on a hot path)
            return signatures[local].opcodeField().map(f -> f.values().isEmpty() || f.values().stream()
                    .anyMatch(v -> Arrays.equals(Hex.decode(v), 0, f.length(), p, off + f.offset(),
                            off + f.end()))).orElse(true);
        }
        return Arrays.binarySearch(ops, toLong(p, off + opOff[local], opLen[local])) >= 0;
    }

    /**
     * The unsigned value of {@code n} bytes at {@code at}; 8-byte values above 2^63 - 1 come out negative, and so do
     * (never valid) fields longer than 8 bytes whose high-order bytes beyond the 8 low-order ones are not zero.
     */
    static long unsigned(byte[] p, int at, int n, boolean little) {
        switch (n) {
            case 1:
                return p[at] & 0xff;
            case 2:
                return (little ? (short) LE16.get(p, at) : (short) BE16.get(p, at)) & 0xffff;
            case 4:
                return (little ? (int) LE32.get(p, at) : (int) BE32.get(p, at)) & 0xffffffffL;
            case 8:
                return little ? (long) LE64.get(p, at) : (long) BE64.get(p, at);
            default:
                break;
        }
        int high = Math.max(0, n - 8); // bytes beyond a long: must be zero
        int lowAt = little ? at : at + high;
        int highAt = little ? at + 8 : at;
        for (int i = 0; i < high; i++) {
            if (p[highAt + i] != 0) {
                return -1;
            }
        }
        int w = n - high;
        long v = 0;
        for (int i = 0; i < w; i++) {
            v = (v << 8) | (p[lowAt + (little ? w - 1 - i : i)] & 0xff);
        }
        return v;
    }

    /** Whether the signature has an opcode field that the payload holds. */
    public boolean hasOpcode(int local, int len) {
        return opOff[local] >= 0 && opOff[local] + opLen[local] <= len;
    }

    /** The opcode value as an unsigned number (fields of up to 8 bytes); call only when {@link #hasOpcode}. */
    public long opcode(int local, byte[] p, int off) {
        return toLong(p, off + opOff[local], Math.min(8, opLen[local]));
    }

    /** Lower-case hex of the opcode, as the reference and the opcode tables spell it; null when absent. */
    public String opcodeHex(int local, byte[] p, int off, int len) {
        return hasOpcode(local, len) ? Hex.encode(p, off + opOff[local], opLen[local]) : null;
    }

    /** Hex of an opcode value returned by {@link #opcode} (for fields of up to 8 bytes). */
    public String opcodeHex(int local, long value) {
        int n = opLen[local];
        StringBuilder sb = new StringBuilder(2 * n);
        for (int i = n - 1; i >= 0; i--) {
            int b = (int) (value >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** The opcode table entry of a value, or null. */
    public OpcodeInfo task(int local, long opcode) {
        long[] keys = opKeys[local];
        if (keys == null) {
            return null;
        }
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(keys[mid], opcode);
            if (c == 0) {
                return opInfos[local][mid];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /** 1 request, 0 response, -1 no reqresp field in reach ({@link HeaderSignatures#isRequest}). */
    public int isRequest(int local, byte[] p, int off, int len) {
        if (rrOff[local] < 0) {
            return -1;
        }
        byte[] req = rrRequest[local];
        int at = off + rrOff[local];
        if (rrOff[local] + req.length > len) {
            return -1;
        }
        if (rrMask[local] != 0xff) {
            return (p[at] & rrMask[local]) == (req[0] & 0xff) ? 1 : 0;
        }
        return Arrays.equals(req, 0, req.length, p, at, at + req.length) ? 1 : 0;
    }

    /** The sequence number (first sequence field, up to 8 bytes), or -1 when there is none in reach. */
    public long sequence(int local, byte[] p, int off, int len) {
        int so = seqOff[local];
        if (so < 0 || so + seqLen[local] > len) {
            return -1;
        }
        int n = seqLen[local];
        if (!seqLittle[local]) {
            return toLong(p, off + so, n);
        }
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (p[off + so + i] & 0xff);
        }
        return v;
    }

    /** Whether the signature has a sequence field (then responses pair with requests by its value). */
    public boolean hasSequence(int local) {
        return seqOff[local] >= 0;
    }

    static long toLong(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
