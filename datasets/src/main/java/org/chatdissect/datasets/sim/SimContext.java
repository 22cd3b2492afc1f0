package org.chatdissect.datasets.sim;

import java.util.SplittableRandom;
import org.chatdissect.datasets.net.AddressAllocator;
import org.chatdissect.datasets.net.EventScheduler;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.Wire;

/** What every simulator shares in one run: the wire, the clock, the address plan and the DNS resolver. */
public final class SimContext {
    public final Wire wire;
    public final EventScheduler scheduler;
    public final AddressAllocator addresses;
    public final ServerDirectory servers;
    public final Host resolver;
    public final Host resolver6;
    public final int mss;
    private final SplittableRandom master;

    public SimContext(Wire wire, EventScheduler scheduler, SplittableRandom master, int mss) {
        this.wire = wire;
        this.scheduler = scheduler;
        this.master = master;
        this.addresses = new AddressAllocator(master.split());
        this.servers = new ServerDirectory(addresses);
        this.resolver = addresses.server("dns", 211, 136, false);
        this.resolver6 = addresses.server("dns", 0x10, 0x53, true);
        this.mss = mss;
    }

    /** An independent random stream; splitting in a fixed order keeps runs reproducible. */
    public SplittableRandom split() {
        return master.split();
    }
}
