package org.chatdissect.datasets.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.Host;

/** A user's phone: its address, ephemeral port counter, DNS cache and private random stream. */
public final class Device {
    private final Host host;
    private final SplittableRandom rnd;
    private int nextPort;
    private final Map<String, Long> dnsCache = new HashMap<>();

    public Device(Host host, SplittableRandom rnd) {
        this.host = host;
        this.rnd = rnd;
        this.nextPort = 32768 + rnd.nextInt(20000);
    }

    public Host host() {
        return host;
    }

    public SplittableRandom rnd() {
        return rnd;
    }

    public int ephemeralPort() {
        int p = nextPort;
        nextPort = nextPort >= 60999 ? 32768 : nextPort + 1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(5) : 0);
        return p;
    }

    /** True if the name must be resolved at time t (not cached or expired); records the new entry. */
    public boolean needsLookup(String name, long t, long ttlMicros) {
        Long exp = dnsCache.get(name);
        if (exp != null && exp > t) {
            return false;
        }
        dnsCache.put(name, t + ttlMicros);
        return true;
    }
}
