package org.chatdissect.core.flow;

/** Canonical text of the 16-byte addresses of {@link Flow}: dotted IPv4, RFC 5952 IPv6. */
public final class FlowAddresses {
    private FlowAddresses() {}

    public static String format(byte[] a, int ipVersion) {
        StringBuilder sb = new StringBuilder(39);
        if (ipVersion == 4) {
            appendV4(sb, a, 12);
            return sb.toString();
        }
        // RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad
        boolean mapped = true;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = a[i] == 0;
        }
        if (mapped && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            sb.append("::ffff:");
            appendV4(sb, a, 12);
            return sb.toString();
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        // longest run of at least two zero groups, the first one on ties (RFC 5952 section 4.2)
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static void appendV4(StringBuilder sb, byte[] a, int off) {
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(a[off + i] & 0xff);
        }
    }
}
