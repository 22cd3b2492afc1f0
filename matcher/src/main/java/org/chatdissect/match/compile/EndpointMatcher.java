package org.chatdissect.match.compile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.model.Association;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Signature;

/**
 * Endpoint signatures (format version 2) compiled into one hash lookup per flow: (server address, port,
 * transport) to the first endpoint signature listing it. Also the association kinds of every signature that
 * carries {@code associate}, by app and signature name, for flows that payload signatures attribute. Immutable.
 */
public final class EndpointMatcher {
    /** Key of a server endpoint: the 16-byte address as two longs (IPv4: low 32 bits), port, protocol, IP version. */
    public record Key(long hi, long lo, int meta) {
        /** @param protocol 6, 17, or 0 for "either transport" (server_endpoint associations) */
        public static Key of(byte[] addr16, int ipVersion, int port, int protocol) {
            long hi = 0;
            long lo;
            if (ipVersion == 4) {
                lo = ((addr16[12] & 0xffL) << 24) | ((addr16[13] & 0xffL) << 16) | ((addr16[14] & 0xffL) << 8)
                        | (addr16[15] & 0xffL);
            } else {
                lo = 0;
                for (int i = 0; i < 8; i++) {
                    hi = hi << 8 | (addr16[i] & 0xffL);
                    lo = lo << 8 | (addr16[8 + i] & 0xffL);
                }
            }
            return new Key(hi, lo, port | protocol << 16 | ipVersion << 24);
        }
    }

    private final List<CompiledSignatures.AppSignature> sigs;
    private final Map<Key, Integer> byEndpoint = new HashMap<>();
    private final Map<String, Set<Association>> associationsOf = new HashMap<>();
    private final String[] names;

    EndpointMatcher(List<CompiledSignatures.AppSignature> endpointSigs, List<CompiledSignatures.AppSignature> all) {
        this.sigs = List.copyOf(endpointSigs);
        names = new String[sigs.size()];
        for (int i = 0; i < sigs.size(); i++) {
            Signature s = sigs.get(i).signature();
            names[i] = s.name();
            int proto = s.flowType() == FlowType.TCP ? 6 : 17;
            for (org.chatdissect.model.Server srv : s.servers()) {
                byEndpoint.putIfAbsent(key(srv.ip(), srv.port(), proto), i); // the first signature in file order wins
                Key nat64 = nat64(srv.ip(), srv.port(), proto);
                if (nat64 != null) {
                    byEndpoint.putIfAbsent(nat64, i);
                }
            }
        }
        for (CompiledSignatures.AppSignature a : all) {
            if (!a.signature().associations().isEmpty()) {
                associationsOf.putIfAbsent(a.app() + "/" + a.signature().name(),
                        EnumSet.copyOf(a.signature().associations()));
            }
        }
    }

    private static Key key(String ip, int port, int protocol) {
        byte[] raw;
        try {
            raw = InetAddress.getByName(ip).getAddress(); // literals only (validated by the store): no DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server address " + ip, e);
        }
        byte[] a16 = new byte[16];
        if (raw.length == 4) {
            System.arraycopy(raw, 0, a16, 12, 4);
            return Key.of(a16, 4, port, protocol);
        }
        return Key.of(raw, 6, port, protocol);
    }

    /**
     * An IPv4 server as an IPv6-only user reaches it through NAT64/464XLAT (RFC 6877): in the well-known prefix
     * {@code 64:ff9b::/96} of RFC 6052. Apps that dial IPv4 literals (built-in node lists) show up so on
     * IPv6-only cellular networks; operators with their own NAT64 prefix would need it configured.
     */
    static Key nat64(String ip, int port, int protocol) {
        byte[] raw;
        try {
            raw = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server address " + ip, e);
        }
        if (raw.length != 4) {
            return null;
        }
        byte[] a16 = {0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, raw[0], raw[1], raw[2], raw[3]};
        return Key.of(a16, 6, port, protocol);
    }

    /** No endpoint signature and no association: the classifier can skip the whole mechanism. */
    public boolean isEmpty() {
        return sigs.isEmpty() && associationsOf.isEmpty();
    }

    /** Index of the endpoint signature listing this server endpoint, or -1. */
    public int match(Key serverEndpoint) {
        Integer i = byEndpoint.get(serverEndpoint);
        return i == null ? -1 : i;
    }

    public int app(int endpointSig) {
        return sigs.get(endpointSig).app();
    }

    public String name(int endpointSig) {
        return names[endpointSig];
    }

    public Set<Association> associations(int endpointSig) {
        return associationsOf.getOrDefault(app(endpointSig) + "/" + names[endpointSig], Set.of());
    }

    /** The associations of a payload signature (header, text, keyword) of the app, empty for most. */
    public Set<Association> associations(int app, String signatureName) {
        return associationsOf.getOrDefault(app + "/" + signatureName, Set.of());
    }

    /** The endpoint signatures, in order. */
    public List<CompiledSignatures.AppSignature> signatures() {
        return new ArrayList<>(sigs);
    }
}
