package org.chatdissect.match.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsEveryFileIgnoringUnknownKeysAndBlankLines() throws Exception {
        ReportInput in = ReportFixture.input(tmp);
        assertEquals(6, in.flows().size());
        assertEquals(7, in.tasks().size());
        assertEquals(4, in.users().size());

        FlowRow f = in.flows().get(1);
        assertEquals("a.pcap", f.file());
        assertEquals(2, f.firstFrame());
        assertEquals("10.0.0.2", f.client());
        assertEquals(8080, f.serverPort());
        assertEquals(1200.0, f.start());
        assertEquals(4500, f.bytes());
        assertEquals("HTTP", f.flowType());
        assertNull(f.sni());

        TaskRow t = in.tasks().get(3);
        assertNull(t.opcode());
        assertEquals("receive picture", t.task());
        assertEquals(1.0, t.completionS());
        assertEquals(3000, t.responseBytes());

        UserRow u = in.users().get(0);
        assertEquals(new UserRow.AppUsage(1000, 4000, 10, 100), u.usage("wechat"));
        assertEquals(400.0, u.activeS());
        assertEquals(Map.of(), in.users().get(2).apps());

        Summary s = in.summary();
        assertEquals(120, s.packetsRead());
        assertEquals(List.of("bad checksum", "truncated"), List.copyOf(s.undecoded().keySet()));
        assertEquals(List.of("a.pcap", "b.pcap"), s.files());
    }

    @Test
    void malformedLineNamesFileAndLine() throws Exception {
        ReportFixture.write(tmp);
        Files.writeString(tmp.resolve("tasks.jsonl"), ReportFixture.TASKS.lines().findFirst().get() + "\n{\"flow\": oops}\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> ReportReader.read(tmp));
        assertTrue(e.getMessage().startsWith(tmp.resolve("tasks.jsonl") + ":2: malformed JSON: "), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void malformedSummaryNamesItsLine() throws Exception {
        ReportFixture.write(tmp);
        Files.writeString(tmp.resolve("summary.json"), "{\n  \"packets_read\": 1,\n  \"files\": [\n}\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> ReportReader.read(tmp));
        assertTrue(e.getMessage().startsWith(tmp.resolve("summary.json") + ":4: malformed JSON"), e.getMessage());
    }

    @Test
    void wrongTypeIsMalformed() throws Exception {
        ReportFixture.write(tmp);
        Files.writeString(tmp.resolve("users.jsonl"), "{\"user\":\"10.0.0.1\",\"bytes_up\":\"many\"}\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> ReportReader.read(tmp));
        assertTrue(e.getMessage().startsWith(tmp.resolve("users.jsonl") + ":1: malformed JSON"), e.getMessage());
    }

    @Test
    void missingRequiredKeyIsNamed() throws Exception {
        ReportFixture.write(tmp);
        Files.writeString(tmp.resolve("flows.jsonl"), "\n{\"file\":\"a.pcap\",\"app\":\"wechat\"}\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> ReportReader.read(tmp));
        assertEquals(tmp.resolve("flows.jsonl") + ":2: missing \"client\"", e.getMessage());
    }

    @Test
    void missingDirectoryOrFile() throws Exception {
        Path nowhere = tmp.resolve("nowhere");
        assertEquals(nowhere + ": no such directory",
                assertThrows(ReportInputException.class, () -> ReportReader.read(nowhere)).getMessage());
        ReportFixture.write(tmp);
        Files.delete(tmp.resolve("users.jsonl"));
        assertEquals(tmp.resolve("users.jsonl") + ": no such file",
                assertThrows(ReportInputException.class, () -> ReportReader.read(tmp)).getMessage());
    }
}
