package org.chatdissect.core.capture;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;

/**
 * The undecoded-reason keys the decoder emits. Parameterised keys ({@code ethertype:0x0806}) are built
 * once per value and cached per decoder, so counting an undecoded frame allocates nothing.
 */
final class DecodeReasons {
    static final String TRUNCATED_LINK = "truncated_link";
    static final String VLAN_TOO_DEEP = "vlan_too_deep";
    static final String ETHERTYPE_LLC = "ethertype:llc";
    static final String MPLS_NOT_IP = "mpls_not_ip";
    static final String RAW_NOT_IP = "raw_not_ip";
    static final String TRUNCATED_IP = "truncated_ip";
    static final String BAD_IP_HEADER = "bad_ip_header";
    static final String BAD_IP_LENGTH = "bad_ip_length";
    static final String TRUNCATED_TCP = "truncated_tcp";
    static final String BAD_TCP_HEADER = "bad_tcp_header";
    static final String TRUNCATED_UDP = "truncated_udp";
    static final String BAD_UDP_LENGTH = "bad_udp_length";
    static final String NO_NEXT_HEADER = "ip_proto:no_next_header";
    static final String FRAGMENT_PENDING = "ip_fragment_pending";
    static final String FRAGMENT_REASSEMBLED = "ip_fragment_reassembled";
    static final String FRAGMENT_INCOMPLETE = "ip_fragment_incomplete";
    static final String FRAGMENT_TRUNCATED = "ip_fragment_truncated";
    static final String FRAGMENT_BAD = "ip_fragment_bad";

    private static final String[] IP_PROTO_NAMES = new String[256];

    static {
        IP_PROTO_NAMES[1] = "icmp";
        IP_PROTO_NAMES[2] = "igmp";
        IP_PROTO_NAMES[4] = "ipip";
        IP_PROTO_NAMES[41] = "ipv6";
        IP_PROTO_NAMES[47] = "gre";
        IP_PROTO_NAMES[50] = "esp";
        IP_PROTO_NAMES[51] = "ah";
        IP_PROTO_NAMES[58] = "icmpv6";
        IP_PROTO_NAMES[89] = "ospf";
        IP_PROTO_NAMES[103] = "pim";
        IP_PROTO_NAMES[112] = "vrrp";
        IP_PROTO_NAMES[132] = "sctp";
    }

    private final String[] ipProto = new String[256];
    private final Int2ObjectOpenHashMap<String> ethertypes = new Int2ObjectOpenHashMap<>();
    private final Int2ObjectOpenHashMap<String> linktypes = new Int2ObjectOpenHashMap<>();
    private final Int2ObjectOpenHashMap<String> ppp = new Int2ObjectOpenHashMap<>();
    private final Int2ObjectOpenHashMap<String> families = new Int2ObjectOpenHashMap<>();

    String ipProto(int proto) {
        String s = ipProto[proto];
        if (s == null) {
            String n = IP_PROTO_NAMES[proto];
            s = ipProto[proto] = "ip_proto:" + (n != null ? n : Integer.toString(proto));
        }
        return s;
    }

    String ethertype(int type) {
        String s = ethertypes.get(type);
        if (s == null) {
            s = String.format("ethertype:0x%04x", type);
            ethertypes.put(type, s);
        }
        return s;
    }

    String linktype(int type) {
        String s = linktypes.get(type);
        if (s == null) {
            s = "linktype:" + type;
            linktypes.put(type, s);
        }
        return s;
    }

    String ppp(int proto) {
        String s = ppp.get(proto);
        if (s == null) {
            s = String.format("ppp:0x%04x", proto);
            ppp.put(proto, s);
        }
        return s;
    }

    /** Address family of a NULL/LOOP header; unusual values share one key so fuzzed input stays bounded. */
    String family(int af) {
        int k = af >= 0 && af < 256 ? af : -1;
        String s = families.get(k);
        if (s == null) {
            s = k < 0 ? "loopback_family:other" : "loopback_family:" + k;
            families.put(k, s);
        }
        return s;
    }
}
