package org.chatdissect.store.export;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Hex;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.match.LengthRange;

/**
 * pcap-filter (tcpdump, libpcap) capture filters: one expression per header signature, mirroring
 * {@link HeaderSignatures#matches}: the payload length (from the IPv4 total length, so Ethernet padding is never
 * read as payload) is at least the required length, every constant field equals one of its values, every reqresp
 * field its request or response, for UDP the opcode one of its values, and every compared length field (format
 * version 2) within its bounds, and, for TCP signatures held to their servers' ports ({@link
 * Signature#restrictedToServerPorts()}), one of the packet's ports is one of theirs. Multi-byte fields are compared in 4-, 2- and 1-byte loads
 * ({@code tcp[P + k:4] = 0x00100001}), never reading past the field.
 *
 * <p>Compared lengths are exact, not approximated: {@link LengthRange} turns the reference rule into bounds on the
 * field's value, compared with {@code >=} and {@code <=} (BPF compares unsigned 32-bit numbers). A big-endian
 * value is a 4-, 2- or 1-byte load or a sum of shifted loads; a little-endian one the sum of its bytes shifted
 * ({@code (udp[8 + 0] + (udp[8 + 1] << 8))}). Fields of 5 to 8 bytes are compared as a high part and a low 4-byte
 * part, lexicographically ({@code (H < h or (H = h and L <= l))}), which also keeps an 8-byte value below 2^63. A UDP
 * datagram is one message: {@code value + adjust} must equal the payload length ({@code udp[4:2] - 8}), written
 * without subtraction of the field ({@code V + 8 = udp[4:2] - 8}) and with the value first bounded by 65535 - adjust,
 * so that no sum wraps around 2^32.
 *
 * <p>The file is a valid {@code tcpdump -F} file: '#' comment lines (tcpdump strips them) name each signature, and
 * the expressions are joined with {@code or}. Each expression has an IPv4 form and an IPv6 form: libpcap (checked
 * with 1.10.3, {@code tcpdump -d}) compiles {@code tcp[]} and {@code udp[]} for IPv4 only, so the IPv6 form indexes
 * {@code ip6[]} from byte 40 and only matches packets without extension headers; see docs/design/store.md. Keyword signatures (DNS, HTTP, TLS) have no capture-filter form and are listed as
 * comments only. Frames with one 802.1Q tag match through a second copy of the expressions behind {@code vlan} at
 * the end of the file (libpcap's {@code vlan} shifts the offsets of everything after it).
 */
public final class BpfExporter implements Exporter {
    /** The TCP payload's offset in {@code tcp[]}: the data offset field times four. */
    public static final String TCP_PAYLOAD = "((tcp[12] & 0xf0) >> 2)";

    @Override
    public ExportFormat format() {
        return ExportFormat.BPF;
    }

    @Override
    public String export(SignatureSet set) {
        CodeBuffer b = new CodeBuffer("  ");
        b.line("# chatdissect signatures as pcap-filter expressions (tcpdump -F FILE)");
        boolean first = true;
        for (Signature s : set.signatures()) {
            String expr = switch (s.form()) {
                case HEADER -> expression(s);
                case ENDPOINT -> endpoints(s);
                case KEYWORDS, TEXT -> null;
            };
            if (expr == null) {
                b.line("# " + s.id() + ": " + s.flowType() + " " + (s.form() == SignatureForm.TEXT ? "text" : "keyword")
                        + " signature, no capture-filter form");
                continue;
            }
            if (!first) {
                b.line("or");
            }
            first = false;
            b.line("# " + s.id() + " (" + s.flowType() + ", " + s.status().jsonName() + ")");
            b.line("(" + expr + ")");
            if (!s.associations().isEmpty()) {
                b.line("# (associations of " + s.id() + " need flow state: not in the filter)");
            }
        }
        if (first) {
            b.line("# no header signatures: this filter matches nothing");
            b.line("(ip and not ip)");
            return b.toString();
        }
        // 802.1Q-tagged frames: the same expressions behind one tag. libpcap's vlan shifts the offsets of everything
        // after it in the filter (pcap-filter(7)), so the tagged forms come last, all behind a single vlan
        String untagged = b.toString();
        String body = untagged.substring(untagged.indexOf('\n') + 1);
        return untagged + "# the same for frames with one 802.1Q tag (vlan comes last: it shifts every offset after it)\n"
                + "or (vlan and (\n" + body + "))\n";
    }

    /**
     * One expression and its form behind one 802.1Q tag. libpcap's {@code vlan} shifts the offsets of everything after
     * it in a filter, so this must be the whole filter (or its end); {@link #export} puts one tag behind all of them.
     */
    public static String withVlan(String expression) {
        return "(" + expression + ") or (vlan and (" + expression + "))";
    }

    /** An endpoint signature: packets to or from any of its servers' address and port, on its transport. */
    public static String endpoints(Signature s) {
        String proto = s.flowType().jsonName().toLowerCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder(proto).append(" and (");
        for (int i = 0; i < s.servers().size(); i++) {
            org.chatdissect.model.Server v = s.servers().get(i);
            sb.append(i == 0 ? "" : " or ").append("(dst host ").append(v.ip()).append(" and dst port ").append(v.port())
                    .append(") or (src host ").append(v.ip()).append(" and src port ").append(v.port()).append(')');
        }
        return sb.append(')').toString();
    }

    /** The filter expression of one TCP or UDP signature: its IPv4 form or its IPv6 form. */
    public static String expression(Signature s) {
        return "(" + expression(s, false) + ") or (" + expression(s, true) + ")";
    }

    /**
     * One address family's form. IPv4: {@code tcp[]}/{@code udp[]} loads (libpcap compiles them for unfragmented
     * IPv4 or first fragments only). IPv6: {@code ip6[]} loads from byte 40, only for packets whose next header is
     * TCP or UDP directly (no extension headers).
     */
    public static String expression(Signature s, boolean ipv6) {
        String load;
        String payload;
        String payloadLength;
        String guard;
        switch (s.flowType()) {
            case TCP -> {
                load = ipv6 ? "ip6" : "tcp";
                String hdr = ipv6 ? "((ip6[52] & 0xf0) >> 2)" : TCP_PAYLOAD;
                payload = ipv6 ? "40 + " + hdr : hdr;
                payloadLength = ipv6 ? "ip6[4:2] - " + hdr : "ip[2:2] - ((ip[0] & 0x0f) << 2) - " + TCP_PAYLOAD;
                guard = ipv6 ? "ip6 and ip6[6] = 6" : "ip and tcp";
            }
            case UDP -> {
                load = ipv6 ? "ip6" : "udp";
                payload = ipv6 ? "48" : "8";
                payloadLength = ipv6 ? "ip6[44:2] - 8" : "udp[4:2] - 8";
                guard = ipv6 ? "ip6 and ip6[6] = 17" : "ip and udp";
            }
            case DNS, HTTP, TLS -> throw new IllegalArgumentException(s.id() + " is not a header signature");
            default -> throw new AssertionError(s.flowType());
        }
        List<String> terms = new ArrayList<>();
        terms.add(guard);
        if (s.restrictedToServerPorts()) {
            // a packet filter has no flow roles: either port of the packet may be the server's (as Suricata's <>)
            terms.add("(" + String.join(" or ", s.servers().stream().map(v -> v.port()).distinct().sorted()
                    .map(p -> "tcp port " + p).toList()) + ")");
        }
        terms.add(payloadLength + " >= " + HeaderSignatures.requiredLength(s));
        for (FieldSpec f : s.fields()) {
            List<String> alternatives = switch (f.type()) {
                case CONSTANT -> f.values();
                case REQRESP -> List.of(f.request(), f.response());
                case OPCODE -> s.requiresKnownOpcode() ? f.values() : List.of();
                case SEQUENCE, LENGTH, UNIDENTIFIED -> List.of();
            };
            if (alternatives.isEmpty()) {
                continue;
            }
            List<String> ors = new ArrayList<>();
            for (String v : alternatives) {
                ors.add(f.isBitField()
                        ? "(" + load + "[" + payload + " + " + f.offset() + "] & 0x" + Integer.toHexString(f.mask())
                                + ") = 0x" + Integer.toHexString(Hex.decode(v)[0] & 0xff)
                        : equalsAt(load, payload, f.offset(), Hex.decode(v)));
            }
            terms.add(ors.size() == 1 ? ors.get(0) : "(" + String.join(" or ", ors) + ")");
        }
        for (FieldSpec f : s.fields()) {
            String t = f.comparesLength() ? lengthTerm(s, f, load, payload, payloadLength) : null;
            if (t != null) {
                terms.add(t);
            }
        }
        return String.join(" and ", terms);
    }

    /** The largest UDP payload: the UDP length field (16 bits) minus its 8-byte header, and then some. */
    private static final long MAX_UDP_PAYLOAD = 65535;

    /**
     * One compared length field: its value within {@link LengthRange} bounds; for UDP also value + adjust = length.
     * Null when the bounds exclude nothing the field can hold (TCP only).
     */
    static String lengthTerm(Signature s, FieldSpec f, String proto, String payload, String payloadLength) {
        if (f.length() > 8) {
            throw new IllegalArgumentException(s.id() + ": a compared length field of " + f.length() + " bytes");
        }
        LengthRange r = LengthRange.of(s, f);
        boolean udp = s.flowType() == FlowType.UDP;
        long lo = r.lo();
        long hi = udp ? Math.min(r.hi(), MAX_UDP_PAYLOAD - f.adjust()) : r.hi(); // longer: never the datagram's length
        boolean little = f.endian() == Endian.LITTLE;
        int w = f.length();
        List<String> parts = new ArrayList<>();
        if (hi < lo) {
            return "(ip[0] & 0 != 0)"; // no value matches (the validator refuses most such signatures)
        }
        String v; // the whole value (up to 4 bytes) or its low 4 bytes
        if (w <= 4) {
            v = value(proto, payload, f.offset(), w, little);
            if (lo > 0) {
                parts.add(v + " >= " + lo);
            }
            if (udp ? hi < LengthRange.fieldMax(w) : r.boundsAbove(w)) {
                parts.add(v + " <= " + hi);
            }
        } else {
            int hw = w - 4;
            String h = value(proto, payload, little ? f.offset() + 4 : f.offset(), hw, little);
            v = value(proto, payload, little ? f.offset() : f.offset() + hw, 4, little);
            long loH = lo >>> 32;
            long loL = lo & 0xffffffffL;
            long hiH = hi >>> 32;
            long hiL = hi & 0xffffffffL;
            if (lo > 0) {
                parts.add(loH == 0 ? "(" + h + " > 0 or " + v + " >= " + loL + ")"
                        : "(" + h + " > " + loH + " or (" + h + " = " + loH + " and " + v + " >= " + loL + "))");
            }
            if (hiH == 0) {
                parts.add(h + " = 0");
                if (hiL < 0xffffffffL) {
                    parts.add(v + " <= " + hiL);
                }
            } else if (w == 8 || hi < LengthRange.fieldMax(w)) {
                parts.add(hiL == 0xffffffffL ? h + " <= " + hiH
                        : "(" + h + " < " + hiH + " or (" + h + " = " + hiH + " and " + v + " <= " + hiL + "))");
            }
        }
        if (udp) {
            // hi <= 65535 - adjust keeps v (the whole value: the high part is 0) and both sums below 2^32
            long a = Math.max(0, f.adjust());
            long b = Math.max(0, -(long) f.adjust());
            parts.add(v + (a == 0 ? "" : " + " + a) + " = " + payloadLength + (b == 0 ? "" : " + " + b));
        }
        return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0)
                : "(" + String.join(" and ", parts) + ")";
    }

    /**
     * The unsigned value of {@code n} (1..4) payload bytes at {@code offset}: big endian as 4-, 2- and 1-byte loads
     * shifted into place, little endian as the sum of its bytes shifted.
     */
    static String value(String proto, String payload, int offset, int n, boolean little) {
        List<String> parts = new ArrayList<>();
        if (little) {
            for (int i = 0; i < n; i++) {
                String b = proto + "[" + payload + " + " + (offset + i) + "]";
                parts.add(i == 0 ? b : "(" + b + " << " + 8 * i + ")");
            }
        } else {
            int i = 0;
            while (i < n) {
                int k = n - i >= 4 ? 4 : n - i >= 2 ? 2 : 1;
                String at = payload + " + " + (offset + i);
                String ld = k == 1 ? proto + "[" + at + "]" : proto + "[" + at + ":" + k + "]";
                int shift = 8 * (n - i - k);
                parts.add(shift == 0 ? ld : "(" + ld + " << " + shift + ")");
                i += k;
            }
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" + ", parts) + ")";
    }

    private static String equalsAt(String proto, String payload, int offset, byte[] v) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            int n = v.length - i >= 4 ? 4 : v.length - i >= 2 ? 2 : 1;
            long value = 0;
            for (int j = 0; j < n; j++) {
                value = (value << 8) | (v[i + j] & 0xff);
            }
            String at = payload + " + " + (offset + i);
            String load = n == 1 ? proto + "[" + at + "]" : proto + "[" + at + ":" + n + "]";
            parts.add(load + " = 0x" + Long.toHexString(value));
            i += n;
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" and ", parts) + ")";
    }
}
