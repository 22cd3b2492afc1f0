package org.chatdissect.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.chatdissect.core.flow.TlsBytes;
import org.junit.jupiter.api.Test;

/** The protocol inspectors used for flow typing (named Flow* so the flow test selection runs them). */
class FlowInspectorsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] dnsHeader(int qdcount) {
        return new byte[] {0x12, 0x34, 0x01, 0x00, 0, (byte) qdcount, 0, 0, 0, 0, 0, 0};
    }

    @Test
    void dnsQname() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(dnsHeader(1));
        m.writeBytes(new byte[] {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1});
        byte[] b = m.toByteArray();
        byte[] padded = new byte[b.length + 10];
        System.arraycopy(b, 0, padded, 5, b.length);
        assertEquals("www.example.com", DnsQuery.parseQname(padded, 5, b.length));
        assertNull(DnsQuery.parseQname(b, 0, 20), "cut inside a label");
        assertNull(DnsQuery.parseQname(dnsHeader(0), 0, 12), "no question");
    }

    @Test
    void dnsCompressionPointersAreFollowedBackwardsOnlySoLoopsEnd() {
        // name at 12: "a" then pointer to 12 (itself): a loop
        byte[] loop = Arrays.copyOf(dnsHeader(1), 16);
        loop[12] = 1; loop[13] = 'a'; loop[14] = (byte) 0xC0; loop[15] = 12;
        assertNull(DnsQuery.parseQname(loop, 0, loop.length));
        // a pointer pointing at itself
        byte[] self = Arrays.copyOf(dnsHeader(1), 14);
        self[12] = (byte) 0xC0; self[13] = 12;
        assertNull(DnsQuery.parseQname(self, 0, self.length));
        // backward pointers that still cycle ("a" "b" then back to "b"...) end through the jump cap
        byte[] cycle = Arrays.copyOf(dnsHeader(1), 18);
        cycle[12] = 1; cycle[13] = 'a'; cycle[14] = 1; cycle[15] = 'b'; cycle[16] = (byte) 0xC0; cycle[17] = 14;
        assertNull(DnsQuery.parseQname(cycle, 0, cycle.length));
        // a pointer into the header is invalid
        byte[] intoHeader = Arrays.copyOf(dnsHeader(1), 14);
        intoHeader[12] = (byte) 0xC0; intoHeader[13] = 2;
        assertNull(DnsQuery.parseQname(intoHeader, 0, intoHeader.length));
    }

    @Test
    void dnsQnameFromARealQuery() {
        // dig query for chat.example (id 0xabcd, RD), type A, class IN
        byte[] q = {(byte) 0xab, (byte) 0xcd, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 1,
            4, 'c', 'h', 'a', 't', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1};
        assertEquals("chat.example", DnsQuery.parseQname(q, 0, q.length));
        byte[] root = Arrays.copyOf(dnsHeader(1), 17);
        assertEquals("", DnsQuery.parseQname(root, 0, root.length));
    }

    @Test
    void httpRequestParsing() {
        byte[] req = bytes("GET /index.html?q=1 HTTP/1.1\r\nUser-Agent: WeChat/6.0\r\nHOST: im.example.net:8080\r\n"
                + "referer:http://r.example/\r\nhost: second\r\n\r\nbody");
        HttpRequest r = HttpRequest.parse(req, 0, req.length);
        assertEquals("GET", r.method());
        assertEquals("/index.html?q=1", r.url());
        assertEquals("im.example.net:8080", r.host());
        assertEquals("http://r.example/", r.referer());
        assertEquals("WeChat/6.0", r.userAgent());
        assertEquals(Probe.MATCHED, HttpRequest.probe(req, 0, req.length));
        assertEquals(Probe.NEED_MORE, HttpRequest.probe(req, 0, 3));
        assertEquals(Probe.NEED_MORE, HttpRequest.probe(req, 0, 25));
        assertEquals(Probe.NOT_MATCHED, HttpRequest.probe(bytes("GETX / HTTP/1.1\r\n"), 0, 17));
        assertEquals(Probe.NOT_MATCHED, HttpRequest.probe(bytes("GET / SIP/2.0\r\n"), 0, 15));
        assertNull(HttpRequest.parse(bytes("HELLO world"), 0, 11));
        byte[] cut = bytes("POST /a HTTP/1.0\r\nHost: h\r\nUser-Ag");
        HttpRequest c = HttpRequest.parse(cut, 0, cut.length);
        assertEquals("h", c.host());
        assertNull(c.userAgent(), "a header cut by the end of the data is not reported");
    }

    @Test
    void httpRequestLineIsTolerantOfSpacesAsSeenInRealAttacks() {
        // both from the shared captures (WebattackRCE.pcap, http-manipulated.pcap); tshark parses them too
        byte[] rce = bytes("GET /cgi-bin/handler/netsonar;cat /etc/passwd|?data=Download HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        HttpRequest r = HttpRequest.parse(rce, 0, rce.length);
        assertEquals("/cgi-bin/handler/netsonar;cat /etc/passwd|?data=Download", r.url());
        assertEquals("127.0.0.1", r.host());
        byte[] spaced = bytes("GET        /long_uri HTTP/1.1\nHost: www.lan:8080\n\n");
        HttpRequest s = HttpRequest.parse(spaced, 0, spaced.length);
        assertEquals("/long_uri", s.url());
        assertEquals("www.lan:8080", s.host());
        assertNull(HttpRequest.parse(bytes("GET  HTTP/1.1\r\n"), 0, 15), "empty URI");
        assertNull(HttpRequest.parse(bytes("GET /\u0001 HTTP/1.1\r\n"), 0, 17), "control character");
    }

    @Test
    void httpStatusLine() {
        assertEquals(Probe.MATCHED, HttpResponse.probeStatusLine(bytes("HTTP/1.1 200 OK"), 0, 15));
        assertEquals(Probe.NEED_MORE, HttpResponse.probeStatusLine(bytes("HTTP/1."), 0, 7));
        assertEquals(Probe.NOT_MATCHED, HttpResponse.probeStatusLine(bytes("HTTP/2 200"), 0, 10));
    }

    @Test
    void tlsSniFromAWholeClientHello() {
        byte[] hello = TlsBytes.clientHello("sni.example.org");
        assertEquals(Probe.MATCHED, TlsClientHello.probe(hello, 0, hello.length));
        assertEquals("sni.example.org", TlsClientHello.parseSni(hello, 0, hello.length));
        assertEquals(Probe.NEED_MORE, TlsClientHello.probe(hello, 0, hello.length - 1));
        assertNull(TlsClientHello.parseSni(hello, 0, hello.length - 1));
        byte[] none = TlsBytes.clientHello(null);
        assertEquals(Probe.MATCHED, TlsClientHello.probe(none, 0, none.length));
        assertNull(TlsClientHello.parseSni(none, 0, none.length));
        assertEquals(Probe.NOT_MATCHED, TlsClientHello.probe(bytes("GET / HTTP/1.1"), 0, 14));
        byte[] serverHello = hello.clone();
        serverHello[5] = 2;
        assertEquals(Probe.NOT_MATCHED, TlsClientHello.probe(serverHello, 0, serverHello.length));
    }

    @Test
    void tlsClientHelloSpanningTwoRecords() {
        byte[] hello = TlsBytes.clientHello("two.records.example");
        int msgLen = hello.length - 5;
        int firstPart = 50;
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(new byte[] {22, 3, 1, 0, (byte) firstPart});
        two.write(hello, 5, firstPart);
        two.writeBytes(new byte[] {22, 3, 1, (byte) ((msgLen - firstPart) >> 8), (byte) (msgLen - firstPart)});
        two.write(hello, 5 + firstPart, msgLen - firstPart);
        byte[] b = two.toByteArray();
        assertEquals(Probe.MATCHED, TlsClientHello.probe(b, 0, b.length));
        assertEquals("two.records.example", TlsClientHello.parseSni(b, 0, b.length));
        assertEquals(Probe.NEED_MORE, TlsClientHello.probe(b, 0, 60));
    }
}
