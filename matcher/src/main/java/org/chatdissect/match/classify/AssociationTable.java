package org.chatdissect.match.classify;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.match.compile.EndpointMatcher.Key;
import org.chatdissect.match.compile.EndpointMatcher;
import org.chatdissect.model.Association;
import org.chatdissect.model.FlowType;

/**
 * Endpoint signatures and the association rules of format version 2 (docs/design/endpoints.md), for one flow
 * table (one input file, so output does not depend on {@code --threads}). Everything here happens once per flow,
 * at its start and at its end; nothing per packet.
 *
 * <ul>
 *   <li>At flow start a flow to a listed server endpoint is the endpoint signature's app; otherwise a live
 *       association (client address, client port, transport), then (server address, server port), attributes it.
 *       Either way the table is fed at once, so a flow that starts later (or ends later) finds the entry.</li>
 *   <li>At flow end the payload verdict wins (associations are only a fallback); a payload signature that carries
 *       {@code associate} feeds the table; an unclassified TCP/UDP flow consults the table again (call signalling
 *       starts before the voice flow that creates its peer's entry).</li>
 *   <li>Propagation is bounded: an endpoint (or payload) signature feeds its kinds; a flow attributed through
 *       {@code client_port} feeds only {@code server_endpoint}; one attributed through {@code server_endpoint}
 *       feeds nothing. So one chance collision of a client port cannot spread through shared servers.</li>
 *   <li>DNS, HTTP and TLS flows carry names that keyword signatures judge; associations never attribute them
 *       (endpoint signatures still do: the endpoint is explicit).</li>
 * </ul>
 *
 * Entries are refreshed on use and expire {@code idleNanos} after their last use, measured on the capture clock
 * (the newest flow start or end seen). Memory: at most {@code maxEntries} entries per kind, the least recently
 * used evicted first; in practice the entries used within the idle time (one per attributed flow at most).
 * Deterministic: insertion and lookup follow the flow table's event order.
 */
public final class AssociationTable {
    /** The user-session idle time of the paper's user statistics (60 minutes), also the association lifetime. */
    public static final long DEFAULT_IDLE_NANOS = 3600L * 1_000_000_000L;

    /** How a flow was attributed without a payload signature. */
    record Attribution(int app, String signature, boolean viaAssociation) {}

    private static final class Entry {
        int app;
        String origin;
        Set<Association> kinds;
        long lastUsed;
    }

    private final EndpointMatcher matcher;
    private final long idleNanos;
    private final int maxEntries;
    private final LinkedHashMap<Key, Entry> clientPorts = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<Key, Entry> serverEndpoints = new LinkedHashMap<>(64, 0.75f, true);
    private long now = Long.MIN_VALUE;

    AssociationTable(EndpointMatcher matcher, long idleNanos, int maxEntries) {
        if (idleNanos <= 0 || maxEntries < 1) {
            throw new IllegalArgumentException("association idle time and size must be positive");
        }
        this.matcher = matcher;
        this.idleNanos = idleNanos;
        this.maxEntries = maxEntries;
    }

    /** Endpoint match or live association at flow start (the table is fed at once), else null. */
    Attribution atStart(Flow flow) {
        if (matcher.isEmpty()) {
            return null;
        }
        now = Math.max(now, flow.startNanos);
        // either side: the flow layer tells UDP roles by ports, and a device listening below the dynamic range
        // (a client's port against a node's 33033) is taken for the server
        boolean serverSide = true;
        int e = matcher.match(serverKey(flow, flow.protocol));
        if (e < 0) {
            e = matcher.match(clientKey(flow, flow.protocol));
            serverSide = false;
        }
        if (e >= 0) {
            feed(flow, !serverSide, matcher.app(e), matcher.name(e), matcher.associations(e));
            return new Attribution(matcher.app(e), matcher.name(e), false);
        }
        return associationTypes(flow.flowType) ? viaAssociation(flow) : null;
    }

    private static Key serverKey(Flow f, int protocol) {
        return Key.of(f.server, f.ipVersion, f.serverPort, protocol);
    }

    private static Key clientKey(Flow f, int protocol) {
        return Key.of(f.client, f.ipVersion, f.clientPort, protocol);
    }

    /** The flow's final verdict: the payload verdict when there is one, else the start attribution or a live association. */
    FlowVerdict settle(Flow flow, FlowVerdict payload, Attribution early) {
        if (matcher.isEmpty()) {
            return payload;
        }
        now = Math.max(now, flow.endNanos);
        if (payload.classified()) {
            Set<Association> kinds = matcher.associations(payload.app(), payload.signature());
            if (!kinds.isEmpty()) {
                feed(flow, false, payload.app(), payload.signature(), kinds);
            }
            return payload;
        }
        FlowType type = flow.flowType != null ? flow.flowType : flow.protocol == 6 ? FlowType.TCP : FlowType.UDP;
        Attribution a = early;
        if (a != null && a.viaAssociation() && !associationTypes(type)) {
            a = null;
        }
        if (a == null && associationTypes(type)) {
            a = viaAssociation(flow);
        }
        return a == null ? payload : new FlowVerdict(a.app(), a.signature(), List.of(), payload.seconds());
    }

    private static boolean associationTypes(FlowType t) {
        return t == null || t == FlowType.TCP || t == FlowType.UDP;
    }

    private Attribution viaAssociation(Flow flow) {
        // a device's listening port may be on either side (see atStart); the peer is the other side
        boolean deviceIsServer = false;
        Entry c = live(clientPorts, clientKey(flow, flow.protocol));
        if (c == null) {
            c = live(clientPorts, serverKey(flow, flow.protocol));
            deviceIsServer = c != null;
        }
        if (c != null) {
            c.lastUsed = now;
            if (c.kinds.contains(Association.SERVER_ENDPOINT)) {
                put(serverEndpoints, deviceIsServer ? clientKey(flow, 0) : serverKey(flow, 0), c);
            }
            return new Attribution(c.app, c.origin + " via client_port", true);
        }
        Entry s = live(serverEndpoints, serverKey(flow, 0));
        if (s == null) {
            s = live(serverEndpoints, clientKey(flow, 0));
        }
        if (s != null) {
            s.lastUsed = now;
            return new Attribution(s.app, s.origin + " via server_endpoint", true);
        }
        return null;
    }

    /** @param deviceIsServer the flow's server side is the device (roles swapped by the flow layer) */
    private void feed(Flow flow, boolean deviceIsServer, int app, String origin, Set<Association> kinds) {
        if (kinds.isEmpty()) {
            return;
        }
        Entry e = new Entry();
        e.app = app;
        e.origin = origin;
        e.kinds = kinds;
        if (kinds.contains(Association.CLIENT_PORT)) {
            put(clientPorts, deviceIsServer ? serverKey(flow, flow.protocol) : clientKey(flow, flow.protocol), e);
        }
        if (kinds.contains(Association.SERVER_ENDPOINT)) {
            put(serverEndpoints, deviceIsServer ? clientKey(flow, 0) : serverKey(flow, 0), e);
        }
    }

    /** Inserts (the newest attribution wins) with the current time, then drops expired and excess entries. */
    private void put(LinkedHashMap<Key, Entry> map, Key k, Entry origin) {
        Entry e = new Entry();
        e.app = origin.app;
        e.origin = origin.origin;
        e.kinds = origin.kinds;
        e.lastUsed = now;
        map.put(k, e);
        Iterator<Map.Entry<Key, Entry>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Entry> head = it.next();
            if (map.size() <= maxEntries && now - head.getValue().lastUsed <= idleNanos) {
                break; // access order: the head is the least recently used
            }
            it.remove();
        }
    }

    /** The entry if present and not expired (an expired one is removed); a hit counts as a use. */
    private Entry live(LinkedHashMap<Key, Entry> map, Key k) {
        Entry e = map.get(k);
        if (e != null && now - e.lastUsed > idleNanos) {
            map.remove(k);
            return null;
        }
        return e;
    }

    /** Live entries of both kinds (tests, memory accounting). */
    int size() {
        return clientPorts.size() + serverEndpoints.size();
    }
}
