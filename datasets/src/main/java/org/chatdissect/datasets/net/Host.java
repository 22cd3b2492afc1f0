package org.chatdissect.datasets.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP endpoint owner: address bytes (4 or 16), a MAC, and, for servers, the name clients resolve. */
public final class Host {
    private final byte[] ip;
    private final byte[] mac;
    private final String name;
    private final int vlan;

    public Host(byte[] ip, byte[] mac, String name, int vlan) {
        this.ip = ip;
        this.mac = mac;
        this.name = name;
        this.vlan = vlan;
    }

    public byte[] ip() {
        return ip;
    }

    public byte[] mac() {
        return mac;
    }

    public String name() {
        return name;
    }

    /** 802.1Q VLAN id the access network tags this host's frames with, 0 for untagged. */
    public int vlan() {
        return vlan;
    }

    public boolean v6() {
        return ip.length == 16;
    }

    public Host withName(String n) {
        return new Host(ip, mac, n, vlan);
    }

    public String ipString() {
        try {
            String s = InetAddress.getByAddress(ip).getHostAddress();
            return s;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return ipString();
    }
}
