package org.chatdissect.datasets.net;

import java.util.SplittableRandom;

/**
 * Hands out client and server addresses. Clients are private (10/8 and fd00::/8, as on the operator's
 * access side of the paper's Table III); servers get public-looking prefixes per operator so names map
 * to stable addresses.
 */
public final class AddressAllocator {
    private final SplittableRandom rnd;
    private int nextClient = 1;
    private int nextServer = 1;
    private static final byte[] GATEWAY_MAC = {0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10};

    public AddressAllocator(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    public Host client(boolean v6, int vlan) {
        int n = nextClient++;
        byte[] mac = {0x02, 0x42, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        byte[] ip;
        if (v6) {
            ip = new byte[16];
            ip[0] = (byte) 0xfd;
            ip[1] = 0x00;
            ip[2] = 0x43;
            ip[3] = 0x44;
            ip[15] = (byte) n;
            ip[14] = (byte) (n >>> 8);
            ip[13] = (byte) (n >>> 16);
            ip[8] = (byte) rnd.nextInt(256);
        } else {
            ip = new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            if (ip[3] == 0 || ip[3] == (byte) 255) {
                return client(v6, vlan);
            }
        }
        return new Host(ip, mac, null, vlan);
    }

    /** A server in a /16 of the given first two octets (IPv4) or under the given /32 (IPv6). */
    public Host server(String name, int a, int b, boolean v6) {
        int n = nextServer++;
        byte[] ip;
        if (v6) {
            ip = new byte[16];
            ip[0] = 0x24;
            ip[1] = 0x02;
            ip[2] = (byte) a;
            ip[3] = (byte) b;
            ip[14] = (byte) (n >>> 8);
            ip[15] = (byte) (n | 1);
        } else {
            ip = new byte[] {(byte) a, (byte) b, (byte) (n >>> 8), (byte) (1 + (n % 253))};
        }
        return new Host(ip, GATEWAY_MAC, name, 0);
    }
}
