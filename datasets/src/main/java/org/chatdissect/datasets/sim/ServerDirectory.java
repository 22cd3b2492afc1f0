package org.chatdissect.datasets.sim;

import java.util.HashMap;
import java.util.Map;
import org.chatdissect.datasets.net.AddressAllocator;
import org.chatdissect.datasets.net.Host;

/** Stable name-to-address mapping, allocated on first use, with Tencent names in Tencent-like prefixes. */
public final class ServerDirectory {
    private final AddressAllocator addresses;
    private final Map<String, Host> v4 = new HashMap<>();
    private final Map<String, Host> v6 = new HashMap<>();

    ServerDirectory(AddressAllocator addresses) {
        this.addresses = addresses;
    }

    public Host host(String name, boolean ipv6) {
        Map<String, Host> m = ipv6 ? v6 : v4;
        Host h = m.get(name);
        if (h == null) {
            int a;
            int b;
            if (name.endsWith("qq.com") || name.endsWith("qpic.cn") || name.endsWith("qlogo.cn") || name.endsWith("tencent.com")) {
                a = ipv6 ? 0x4e00 >>> 8 : 183;
                b = ipv6 ? 0x00 : 3;
            } else if (name.endsWith("skype.com")) {
                a = ipv6 ? 0x11 : 91;
                b = ipv6 ? 0x90 : 190;
            } else {
                a = ipv6 ? 0x20 : 93;
                b = ipv6 ? 0x01 : 184;
            }
            h = addresses.server(name, a, b, ipv6);
            m.put(name, h);
        }
        return h;
    }
}
