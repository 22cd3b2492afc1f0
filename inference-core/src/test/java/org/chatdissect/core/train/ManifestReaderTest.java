package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsColumnsInAnyOrderWithOptionalService() throws IOException {
        Path m = dir.resolve("m.csv");
        Files.writeString(m, "task,start,end,client,service\nsend_picture,10.5,11.25,10.0.0.1,instant messaging\n"
                + "# a comment\n\nlogin,20,21,,\n");
        List<ManifestReader.Line> lines = ManifestReader.read(m);
        assertEquals(2, lines.size());
        assertEquals("send_picture", lines.get(0).entry().task());
        assertEquals(10.5, lines.get(0).entry().start());
        assertEquals(11.25, lines.get(0).entry().end());
        assertEquals("instant messaging", lines.get(0).service());
        assertEquals("", lines.get(1).entry().client());
        assertNull(lines.get(1).service());
    }

    @Test
    void malformedManifestsNameFileAndLine() throws IOException {
        Path m = dir.resolve("bad.csv");
        Files.writeString(m, "start,end,task\n1,x,send\n");
        IOException e = assertThrows(IOException.class, () -> ManifestReader.read(m));
        assertTrue(e.getMessage().startsWith(m + ":2: malformed manifest line"), e.getMessage());
        Files.writeString(m, "start,task\n1,send\n");
        e = assertThrows(IOException.class, () -> ManifestReader.read(m));
        assertTrue(e.getMessage().contains("lacks column 'end'"), e.getMessage());
        Files.writeString(m, "start,end,task\n5,4,send\n");
        e = assertThrows(IOException.class, () -> ManifestReader.read(m));
        assertTrue(e.getMessage().endsWith(":2: end before start"), e.getMessage());
    }

    @Test
    void nonFiniteTimesControlCharactersAndBadClientsAreRefusedWithTheLine() throws IOException {
        Path m = dir.resolve("bad.csv");
        for (String[] c : new String[][] {
                {"1,NaN,send,10.0.0.1", "finite epoch seconds"},
                {"Infinity,2,send,10.0.0.1", "finite epoch seconds"},
                {"1,2,se\u001bnd,10.0.0.1", "control characters"},
                {"1,2,send,10.0.0.999", "not an IPv4 or IPv6 address"},
                {"1,2,send,phone", "not an IPv4 or IPv6 address"},
                {"1,2,send,fe80::1::2", "not an IPv4 or IPv6 address"}}) {
            Files.writeString(m, "start,end,task,client\n" + c[0] + "\n");
            IOException e = assertThrows(IOException.class, () -> ManifestReader.read(m), c[0]);
            assertTrue(e.getMessage().startsWith(m + ":2: ") && e.getMessage().contains(c[1]), e.getMessage());
        }
        Files.writeString(m, "start,end,task,client\n1,2,send,2001:db8::1\n3,4,send,192.168.0.1\n5,6,send,\n");
        assertEquals(3, ManifestReader.read(m).size(), "IPv6, IPv4 and no client are fine");
    }
}
