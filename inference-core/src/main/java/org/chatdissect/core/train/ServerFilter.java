package org.chatdissect.core.train;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trainer's optional {@code --server} filter: keeps flows whose server matches any term. A term is an
 * address ({@code 203.0.113.7}), a CIDR block ({@code 203.0.113.0/24}, {@code fd00::/8}), a port
 * ({@code :8080}), an address with a port ({@code 203.0.113.7:8080}) or a host name suffix matched against
 * the flow's TLS SNI, HTTP Host or DNS query name ({@code chat.example.com}). A term starting with {@code !}
 * excludes what it matches ({@code !:8000}); a filter of exclusions only keeps everything else.
 */
public final class ServerFilter {
    private record Cidr(byte[] net, int bits, int port) {}

    private final List<Cidr> blocks = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private ServerFilter excluded;

    private ServerFilter() {}

    public static ServerFilter acceptAll() {
        return new ServerFilter();
    }

    /** @throws IllegalArgumentException with a one-line message for a malformed term */
    public static ServerFilter parse(List<String> terms) {
        ServerFilter f = new ServerFilter();
        for (String raw : terms) {
            for (String t : raw.split(",")) {
                t = t.trim();
                if (t.startsWith("!")) {
                    if (f.excluded == null) {
                        f.excluded = new ServerFilter();
                    }
                    f.excluded.add(t.substring(1));
                } else if (!t.isEmpty()) {
                    f.add(t);
                }
            }
        }
        return f;
    }

    private void add(String t) {
        try {
            if (t.startsWith(":")) {
                ports.add(port(t.substring(1), t));
                return;
            }
            int port = -1;
            String addr = t;
            int colon = t.lastIndexOf(':');
            if (colon > 0 && t.indexOf(':') == colon && !t.contains("/")) {
                port = port(t.substring(colon + 1), t);
                addr = t.substring(0, colon);
            }
            int slash = addr.indexOf('/');
            String ip = slash >= 0 ? addr.substring(0, slash) : addr;
            if (looksLikeAddress(ip)) {
                byte[] b = InetAddress.getByName(ip).getAddress();
                int bits = slash >= 0 ? Integer.parseInt(addr.substring(slash + 1)) : b.length * 8;
                if (bits < 0 || bits > b.length * 8) {
                    throw new IllegalArgumentException("bad --server term '" + t + "': prefix length out of range");
                }
                blocks.add(new Cidr(to16(b), bits + (b.length == 4 ? 96 : 0), port));
            } else {
                hosts.add(t.toLowerCase(Locale.ROOT));
            }
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("bad --server term '" + t + "'");
        }
    }

    private static int port(String s, String term) {
        int p = Integer.parseInt(s);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("bad --server term '" + term + "': port out of range");
        }
        return p;
    }

    private static boolean looksLikeAddress(String s) {
        return s.contains(":") || s.matches("[0-9.]+");
    }

    private static byte[] to16(byte[] b) {
        if (b.length == 16) {
            return b;
        }
        byte[] o = new byte[16];
        o[10] = (byte) 0xff;
        o[11] = (byte) 0xff;
        System.arraycopy(b, 0, o, 12, 4);
        return o;
    }

    public boolean acceptsAll() {
        return blocks.isEmpty() && ports.isEmpty() && hosts.isEmpty();
    }

    /**
     * @param server 16-byte address as the flow layer keeps it (IPv4 in the last 4 bytes)
     * @param names the flow's SNI, Host or query name, any of which may be null
     */
    public boolean accepts(byte[] server, int ipVersion, int port, String... names) {
        if (excluded != null && excluded.matches(server, ipVersion, port, names)) {
            return false;
        }
        return acceptsAll() || matches(server, ipVersion, port, names);
    }

    private boolean matches(byte[] server, int ipVersion, int port, String... names) {
        if (ports.contains(port)) {
            return true;
        }
        byte[] a = server;
        if (ipVersion == 4) {
            a = to16(java.util.Arrays.copyOfRange(server, 12, 16));
        }
        for (Cidr c : blocks) {
            if ((c.port() < 0 || c.port() == port) && prefixMatches(a, c.net(), c.bits())) {
                return true;
            }
        }
        for (String n : names) {
            if (n == null) {
                continue;
            }
            String l = n.toLowerCase(Locale.ROOT);
            for (String h : hosts) {
                if (l.equals(h) || l.endsWith("." + h) || l.endsWith(h) && h.startsWith(".")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean prefixMatches(byte[] a, byte[] net, int bits) {
        for (int i = 0; i < bits; i++) {
            int m = 0x80 >>> (i & 7);
            if ((a[i >> 3] & m) != (net[i >> 3] & m)) {
                return false;
            }
        }
        return true;
    }
}
