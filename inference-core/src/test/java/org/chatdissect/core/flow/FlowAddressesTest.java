package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class FlowAddressesTest {
    private static String fmt(String literal) throws UnknownHostException {
        byte[] raw = InetAddress.getByName(literal).getAddress();
        byte[] a = new byte[16];
        System.arraycopy(raw, 0, a, 16 - raw.length, raw.length);
        return FlowAddresses.format(a, raw.length == 4 ? 4 : 6);
    }

    @Test
    void rfc5952() throws UnknownHostException {
        assertEquals("192.168.0.255", fmt("192.168.0.255"));
        assertEquals("2001:db8::1", fmt("2001:0db8:0000:0000:0000:0000:0000:0001"));
        assertEquals("2001:db8:0:1:1:1:1:1", fmt("2001:db8:0:1:1:1:1:1"), "a single zero group is not compressed");
        assertEquals("2001:db8::1:0:0:1", fmt("2001:db8:0:0:1:0:0:1"), "first of equal runs");
        assertEquals("2001:0:0:1::1", fmt("2001:0:0:1:0:0:0:1"), "longest run");
        assertEquals("::", fmt("::"));
        assertEquals("::1", fmt("::1"));
        assertEquals("fe80::", fmt("fe80::"));
        assertEquals("2a03:2880:1010:3f20:face:b00c:0:25de", fmt("2a03:2880:1010:3f20:face:b00c:0:25de"));
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        assertEquals("::ffff:10.0.0.1", FlowAddresses.format(mapped, 6));
    }
}
