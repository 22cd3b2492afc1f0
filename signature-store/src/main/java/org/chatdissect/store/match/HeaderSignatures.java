package org.chatdissect.store.match;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Hex;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;

/**
 * The reference semantics of header (TCP, UDP) signatures, written for clarity, not speed: the matcher module's
 * compiled matcher and every exporter are tested against it. The rules (docs/signature-format.md, "Matching"):
 *
 * <ol>
 *   <li>the payload holds every field that is not unidentified: {@code len >= requiredLength(sig)};
 *   <li>every constant field equals one of its values;
 *   <li>every reqresp field equals its request or its response value;
 *   <li>weak UDP signatures only ({@link Signature#requiresKnownOpcode()}: fewer than three compared bytes): the
 *       opcode field equals one of its values, a guard on top of section III-B's all-packets rule; elsewhere an
 *       unknown opcode is an unknown task, which the feedback loop learns;
 *   <li>every length field that {@link FieldSpec#comparesLength() compares} (format version 2: it has both
 *       {@code adjust} and {@code max}) gives a message length {@code m = v + adjust}, where {@code v} is the field's
 *       unsigned value in its byte order (big endian when none is stated); a value of 2^63 or more (possible in an
 *       8-byte field) fails. {@code requiredLength(sig) <= m <= max} must hold, and for UDP signatures also
 *       {@code m == len}: a datagram is one message. A TCP segment may hold part of a message or several, so for
 *       TCP only the range is checked.
 * </ol>
 * Sequence fields, unidentified fields and length fields without both {@code adjust} and {@code max} are not compared.
 * A bit field ({@link FieldSpec#mask()}) compares the bits of its mask only: the payload's byte with the other bits
 * cleared equals the value.
 */
public final class HeaderSignatures {
    private HeaderSignatures() {}

    /** The payload length a matching packet needs: the end of the last field that is not unidentified. */
    public static int requiredLength(Signature sig) {
        int n = 0;
        for (FieldSpec f : sig.fields()) {
            boolean counts = switch (f.type()) {
                case CONSTANT, SEQUENCE, REQRESP, LENGTH, OPCODE -> true;
                case UNIDENTIFIED -> false;
            };
            if (counts) {
                n = Math.max(n, f.end());
            }
        }
        return n;
    }

    /** True when {@code payload[off, off+len)} matches {@code sig}, a TCP or UDP signature. */
    public static boolean matches(Signature sig, byte[] payload, int off, int len) {
        return matches(sig, payload, off, len, 0);
    }

    /**
     * As {@link #matches(Signature, byte[], int, int)}, with up to {@code tolerance} bytes of constant fields unlike
     * every listed value (counted against the closest value of each field): what a new client version changes (a
     * version number, a build byte) while the structure stays. A payload that uses any of that tolerance must still
     * show the protocol's structure: at least {@link Signature#STRONG_CONSTANT_BYTES} compared bytes equal
     * ({@link Signature#comparedBytes()} less the differing ones), and, when the signature lists opcodes, one of them;
     * a signature {@link Signature#restrictedToServerPorts() restricted to its ports} gets no tolerance.
     * Request/response, opcode and length rules are as without tolerance.
     */
    public static boolean matches(Signature sig, byte[] payload, int off, int len, int tolerance) {
        if (!sig.isHeaderSignature()) {
            throw new IllegalArgumentException(sig.id() + " is a " + sig.flowType() + " signature, not TCP or UDP");
        }
        if (off < 0 || len < 0 || off + len > payload.length) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", payload " + payload.length);
        }
        if (len < requiredLength(sig)) {
            return false;
        }
        int differing = 0;
        int allowed = sig.restrictedToServerPorts() ? 0 : tolerance;
        for (FieldSpec f : sig.fields()) {
            int at = off + f.offset();
            if (f.type() == FieldType.CONSTANT && allowed > 0) {
                differing += closest(f, payload, at);
                if (differing > allowed) {
                    return false;
                }
                continue;
            }
            boolean ok = switch (f.type()) {
                case CONSTANT -> anyEquals(f, payload, at);
                case REQRESP -> holds(f, f.request(), payload, at) || holds(f, f.response(), payload, at);
                case OPCODE -> !sig.requiresKnownOpcode() || anyEquals(f, payload, at);
                case LENGTH -> !f.comparesLength() || lengthFits(sig, f, payload, at, len);
                case SEQUENCE, UNIDENTIFIED -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return differing == 0 || sig.comparedBytes() - differing >= Signature.STRONG_CONSTANT_BYTES
                && sig.opcodeField().map(f -> f.values().isEmpty() || anyEquals(f, payload, off + f.offset()))
                        .orElse(true);
    }

    /** Bytes in which the field's bytes at {@code at} differ from its closest listed value. */
    private static int closest(FieldSpec f, byte[] p, int at) {
        int best = Integer.MAX_VALUE;
        for (String hex : f.values()) {
            byte[] v = Hex.decode(hex);
            int d = 0;
            for (int i = 0; i < v.length; i++) {
                d += v[i] == (byte) (p[at + i] & f.byteMask()) ? 0 : 1;
            }
            best = Math.min(best, d);
        }
        return best;
    }

    /** Rule 5: the message length a compared length field gives is within the signature's bounds (UDP: is len). */
    private static boolean lengthFits(Signature sig, FieldSpec f, byte[] p, int at, int len) {
        byte[] b = Arrays.copyOfRange(p, at, at + f.length());
        if (f.endian() == Endian.LITTLE) {
            for (int i = 0, j = b.length - 1; i < j; i++, j--) {
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
        }
        BigInteger v = new BigInteger(1, b);
        if (v.bitLength() > 63) {
            return false;
        }
        BigInteger m = v.add(BigInteger.valueOf(f.adjust()));
        if (m.compareTo(BigInteger.valueOf(requiredLength(sig))) < 0 || m.compareTo(BigInteger.valueOf(f.max())) > 0) {
            return false;
        }
        return sig.flowType() != FlowType.UDP || m.equals(BigInteger.valueOf(len));
    }

    public static boolean matches(Signature sig, byte[] payload) {
        return matches(sig, payload, 0, payload.length);
    }

    /** The opcode of a payload (lower-case hex) when the signature has an opcode field and the payload holds it. */
    public static Optional<String> opcode(Signature sig, byte[] payload, int off, int len) {
        return sig.opcodeField()
                .filter(f -> f.end() <= len)
                .map(f -> Hex.encode(payload, off + f.offset(), f.length()));
    }

    /** The task of a matching payload: the opcode table's entry for its opcode, if any. */
    public static Optional<OpcodeInfo> task(Signature sig, byte[] payload, int off, int len) {
        return opcode(sig, payload, off, len).map(sig.opcodes()::get);
    }

    /** Whether a matching payload is a request (true), a response (false), or has no reqresp field (empty). */
    public static Optional<Boolean> isRequest(Signature sig, byte[] payload, int off, int len) {
        for (FieldSpec f : sig.fields()) {
            if (f.type() == FieldType.REQRESP && f.end() <= len) {
                return Optional.of(holds(f, f.request(), payload, off + f.offset()));
            }
        }
        return Optional.empty();
    }

    private static boolean anyEquals(FieldSpec f, byte[] p, int at) {
        for (String v : f.values()) {
            if (holds(f, v, p, at)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the field's bytes (its mask's bits, for a bit field) at {@code at} are the value {@code hex}. */
    private static boolean holds(FieldSpec f, String hex, byte[] p, int at) {
        byte[] v = Hex.decode(hex);
        if (f.isBitField()) {
            return (p[at] & f.mask()) == (v[0] & 0xff);
        }
        return Arrays.equals(v, 0, v.length, p, at, at + v.length);
    }
}
