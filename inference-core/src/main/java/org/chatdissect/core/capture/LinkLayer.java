package org.chatdissect.core.capture;

/**
 * Finds the IP header inside a frame of a given link type. On success {@link #ipOffset} and
 * {@link #ipVersion} are set; otherwise {@link #reason} names why the frame carries no IP.
 */
final class LinkLayer {
    static final int EN10MB = 1;
    static final int NULL = 0;
    static final int PPP = 9;
    static final int RAW_BSD12 = 12;
    static final int RAW_BSD14 = 14;
    static final int PPP_HDLC = 50;
    static final int RAW = 101;
    static final int C_HDLC = 104;
    static final int LOOP = 108;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    private static final int MAX_TAGS = 8;

    private final DecodeReasons reasons;
    int ipOffset;
    int ipVersion;
    /** The outermost VLAN id (802.1Q, 802.1ad or QinQ tag), or -1 when the frame has none. */
    int vlan;
    String reason;

    LinkLayer(DecodeReasons reasons) {
        this.reasons = reasons;
    }

    /** Locates the IP header in {@code d[off, end)}. */
    boolean locate(int linkType, byte[] d, int off, int end) {
        vlan = -1;
        switch (linkType) {
            case EN10MB:
                if (end - off < 14) {
                    return fail(DecodeReasons.TRUNCATED_LINK);
                }
                return ethertype(u16(d, off + 12), d, off + 14, end, true);
            case RAW:
            case RAW_BSD12:
            case RAW_BSD14:
                return byVersionNibble(d, off, end, DecodeReasons.RAW_NOT_IP);
            case IPV4:
                return ip(4, off);
            case IPV6:
                return ip(6, off);
            case LINUX_SLL:
                if (end - off < 16) {
                    return fail(DecodeReasons.TRUNCATED_LINK);
                }
                return ethertype(u16(d, off + 14), d, off + 16, end, false);
            case LINUX_SLL2:
                if (end - off < 20) {
                    return fail(DecodeReasons.TRUNCATED_LINK);
                }
                return ethertype(u16(d, off), d, off + 20, end, false);
            case NULL:
            case LOOP:
                return loopback(d, off, end);
            case PPP:
            case PPP_HDLC:
                return ppp(d, off, end);
            case C_HDLC:
                if (end - off < 4) {
                    return fail(DecodeReasons.TRUNCATED_LINK);
                }
                return ethertype(u16(d, off + 2), d, off + 4, end, false);
            default:
                return fail(reasons.linktype(linkType));
        }
    }

    private boolean ethertype(int type, byte[] d, int p, int end, boolean mayBeLength) {
        for (int tags = 0; ; tags++) {
            if (tags > MAX_TAGS) {
                return fail(DecodeReasons.VLAN_TOO_DEEP);
            }
            switch (type) {
                case 0x0800:
                    return ip(4, p);
                case 0x86DD:
                    return ip(6, p);
                case 0x8100: // 802.1Q
                case 0x88A8: // 802.1ad
                case 0x9100: // pre-standard QinQ
                case 0x9200:
                    if (end - p < 4) {
                        return fail(DecodeReasons.TRUNCATED_LINK);
                    }
                    if (vlan < 0) {
                        vlan = u16(d, p) & 0x0fff;
                    }
                    type = u16(d, p + 2);
                    p += 4;
                    continue;
                case 0x8903: // Cisco FabricPath: FTag/TTL, then the original Ethernet header
                    if (end - p < 16) {
                        return fail(DecodeReasons.TRUNCATED_LINK);
                    }
                    type = u16(d, p + 14);
                    p += 16;
                    continue;
                case 0x8864: // PPPoE session: ver/type, code, session id, length, then the PPP protocol
                    if (end - p < 8) {
                        return fail(DecodeReasons.TRUNCATED_LINK);
                    }
                    return pppProtocol(u16(d, p + 6), p + 8);
                case 0x8847: // MPLS unicast/multicast: pop to the bottom of the stack, then guess by nibble
                case 0x8848:
                    while (true) {
                        if (end - p < 4) {
                            return fail(DecodeReasons.TRUNCATED_LINK);
                        }
                        boolean bottom = (d[p + 2] & 1) != 0;
                        p += 4;
                        if (bottom) {
                            return byVersionNibble(d, p, end, DecodeReasons.MPLS_NOT_IP);
                        }
                    }
                default:
                    if (type <= 1500 && mayBeLength) {
                        // 802.3 length field: only LLC/SNAP can carry an ethertype on.
                        if (end - p >= 8 && (d[p] & 0xFF) == 0xAA && (d[p + 1] & 0xFF) == 0xAA && d[p + 2] == 3) {
                            type = u16(d, p + 6);
                            p += 8;
                            mayBeLength = false;
                            continue;
                        }
                        return fail(DecodeReasons.ETHERTYPE_LLC);
                    }
                    return fail(reasons.ethertype(type));
            }
        }
    }

    private boolean loopback(byte[] d, int off, int end) {
        if (end - off < 4) {
            return fail(DecodeReasons.TRUNCATED_LINK);
        }
        // NULL stores the family in the capturing host's order, LOOP in network order; some systems got
        // LOOP wrong too, so both orders are tried for both.
        int be = ((d[off] & 0xFF) << 24) | ((d[off + 1] & 0xFF) << 16) | ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
        int le = Integer.reverseBytes(be);
        int v = family(be);
        if (v == 0) {
            v = family(le);
        }
        if (v == 0) {
            // Report the smaller reading: it is the one in the right byte order for any sane family.
            return fail(reasons.family(Integer.compareUnsigned(be, le) < 0 ? be : le));
        }
        return ip(v, off + 4);
    }

    private static int family(int af) {
        switch (af) {
            case 2:
                return 4;
            case 10: // Linux
            case 24: // NetBSD, OpenBSD, BSD/OS
            case 28: // FreeBSD
            case 30: // Darwin
                return 6;
            default:
                return 0;
        }
    }

    private boolean ppp(byte[] d, int off, int end) {
        int p = off;
        if (end - p >= 2 && (d[p] & 0xFF) == 0xFF && d[p + 1] == 0x03) {
            p += 2; // HDLC address and control
        } else if (end - p >= 4 && ((d[p] & 0xFF) == 0x0F || (d[p] & 0xFF) == 0x8F)) {
            // Cisco HDLC framing shows up under the PPP link types too.
            return ethertype(u16(d, p + 2), d, p + 4, end, false);
        }
        if (end - p < 1) {
            return fail(DecodeReasons.TRUNCATED_LINK);
        }
        if ((d[p] & 1) != 0) {
            return pppProtocol(d[p] & 0xFF, p + 1); // protocol field compression
        }
        if (end - p < 2) {
            return fail(DecodeReasons.TRUNCATED_LINK);
        }
        return pppProtocol(u16(d, p), p + 2);
    }

    private boolean pppProtocol(int proto, int p) {
        switch (proto) {
            case 0x0021:
                return ip(4, p);
            case 0x0057:
                return ip(6, p);
            default:
                return fail(reasons.ppp(proto));
        }
    }

    private boolean byVersionNibble(byte[] d, int p, int end, String otherwise) {
        if (end - p < 1) {
            return fail(DecodeReasons.TRUNCATED_IP);
        }
        int v = (d[p] & 0xFF) >> 4;
        if (v == 4 || v == 6) {
            return ip(v, p);
        }
        return fail(otherwise);
    }

    private boolean ip(int version, int offset) {
        ipVersion = version;
        ipOffset = offset;
        reason = null;
        return true;
    }

    private boolean fail(String why) {
        reason = why;
        return false;
    }

    static int u16(byte[] d, int i) {
        return ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
    }
}
