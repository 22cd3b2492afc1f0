package org.chatdissect.core.flow;

/**
 * Which addresses are users: the paper identifies users by private IP. Private means RFC 1918 (10/8,
 * 172.16/12, 192.168/16), RFC 6598 shared space (100.64/10, carrier-grade NAT) and IPv6 unique local
 * addresses (fc00::/7). Addresses are the 16-byte form of {@code Flow} (IPv4 in bytes 12..15). The matcher counts
 * users by it; exporters leave such addresses out of rules, since they name other hosts in every other network.
 */
public final class PrivateAddresses {
    private PrivateAddresses() {}

    public static boolean isPrivate(byte[] a, int ipVersion) {
        if (ipVersion == 4) {
            int b0 = a[12] & 0xff;
            int b1 = a[13] & 0xff;
            return b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)
                    || (b0 == 100 && b1 >= 64 && b1 <= 127);
        }
        return (a[0] & 0xfe) == 0xfc;
    }

    /** {@link #isPrivate} of an IPv4 literal ({@code a.b.c.d}); false for anything else. */
    public static boolean isPrivateIpv4(String literal) {
        String[] o = literal.split("\\.");
        if (o.length != 4) {
            return false;
        }
        byte[] a = new byte[16];
        for (int i = 0; i < 4; i++) {
            a[12 + i] = (byte) Integer.parseInt(o[i]);
        }
        return isPrivate(a, 4);
    }
}
