package org.chatdissect.core.flow;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Community ID (version 1) of a TCP or UDP flow, as Zeek, Suricata, Wireshark and nDPI write it, so that a flow
 * of {@code flows.jsonl} joins their logs by one string: {@code "1:" + base64(sha1(seed, ip1, ip2, proto, 0, port1,
 * port2))}, the endpoint with the lower (address, port) first, every number in network byte order, seed 0
 * (corelight/community-id-spec).
 */
public final class CommunityId {
    private CommunityId() {}

    // one digest per writer thread: a classify run writes one ID per flow, millions of them
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    });

    /** This thread's SHA-1 digest, reset (shared with {@link FlowUid}, which hashes after the ID is made). */
    static MessageDigest sha1() {
        MessageDigest d = SHA1.get();
        d.reset();
        return d;
    }

    /** The Community ID of the flow, with seed 0. */
    public static String of(Flow f) {
        int at = f.ipVersion == 4 ? 12 : 0;
        return of(f.client, f.server, at, 16 - at, f.clientPort, f.serverPort, f.protocol, 0);
    }

    /** The Community ID of a flow between two endpoints (addresses of 4 or 16 bytes); the order does not matter. */
    public static String of(byte[] ipA, int portA, byte[] ipB, int portB, int protocol, int seed) {
        return of(ipA, ipB, 0, ipA.length, portA, portB, protocol, seed);
    }

    /** Addresses are {@code ipA[at, at + n)} and {@code ipB[at, at + n)}. */
    private static String of(byte[] ipA, byte[] ipB, int at, int n, int portA, int portB, int protocol, int seed) {
        int c = Arrays.compareUnsigned(ipA, at, at + n, ipB, at, at + n);
        boolean aFirst = c < 0 || c == 0 && portA <= portB;
        byte[] ip1 = aFirst ? ipA : ipB;
        byte[] ip2 = aFirst ? ipB : ipA;
        int port1 = aFirst ? portA : portB;
        int port2 = aFirst ? portB : portA;
        MessageDigest sha1 = SHA1.get();
        sha1.update(new byte[] {(byte) (seed >>> 8), (byte) seed});
        sha1.update(ip1, at, n);
        sha1.update(ip2, at, n);
        sha1.update(new byte[] {(byte) protocol, 0, (byte) (port1 >>> 8), (byte) port1, (byte) (port2 >>> 8),
                (byte) port2});
        return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
    }
}
