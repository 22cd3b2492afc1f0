package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerFilterTest {
    /** The flow layer's 16-byte form: IPv4 in the last four bytes. */
    static byte[] addr(String ip) throws Exception {
        byte[] b = InetAddress.getByName(ip).getAddress();
        byte[] o = new byte[16];
        System.arraycopy(b, 0, o, 16 - b.length, b.length);
        return o;
    }

    @Test
    void termsSelectByAddressBlockPortAndName() throws Exception {
        ServerFilter f = ServerFilter.parse(List.of("203.0.113.0/24", ":8080", "198.51.100.7:443", "weixin.qq.com"));
        assertTrue(f.accepts(addr("203.0.113.9"), 4, 1, (String) null));
        assertFalse(f.accepts(addr("203.0.114.9"), 4, 1, (String) null));
        assertTrue(f.accepts(addr("192.0.2.1"), 4, 8080));
        assertTrue(f.accepts(addr("198.51.100.7"), 4, 443));
        assertFalse(f.accepts(addr("198.51.100.7"), 4, 80));
        assertTrue(f.accepts(addr("192.0.2.1"), 4, 80, "szshort.weixin.qq.com"));
        assertFalse(f.accepts(addr("192.0.2.1"), 4, 80, "notweixin.qq.com.example"));
        assertTrue(ServerFilter.parse(List.of("fd00::/8")).accepts(addr("fd00::1"), 6, 5));
    }

    @Test
    void exclusionsWinAndAloneKeepEverythingElse() throws Exception {
        ServerFilter only = ServerFilter.parse(List.of("!:8000,!:53"));
        assertFalse(only.accepts(addr("192.0.2.1"), 4, 8000));
        assertFalse(only.accepts(addr("192.0.2.1"), 4, 53));
        assertTrue(only.accepts(addr("192.0.2.1"), 4, 4000));
        ServerFilter both = ServerFilter.parse(List.of("192.0.2.0/24", "!192.0.2.1"));
        assertTrue(both.accepts(addr("192.0.2.2"), 4, 1));
        assertFalse(both.accepts(addr("192.0.2.1"), 4, 1));
    }

    @Test
    void malformedTermsAreOneLineErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerFilter.parse(List.of("10.0.0.0/40")));
        assertEquals("bad --server term '10.0.0.0/40': prefix length out of range", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerFilter.parse(List.of(":70000")));
    }
}
