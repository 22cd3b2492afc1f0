package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ChatDissect.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path input() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("flows.jsonl"),
                "{\"file\":\"op.pcap\",\"first_frame\":1,\"client\":\"10.1.2.3\",\"start\":100,\"end\":400,"
                        + "\"bytes_up\":1500,\"bytes_down\":30000,\"flow_type\":\"TCP\",\"app\":\"wechat\",\"tasks\":2}\n");
        Files.writeString(dir.resolve("tasks.jsonl"),
                "{\"flow\":\"op.pcap#1\",\"app\":\"wechat\",\"flow_type\":\"TCP\",\"client\":\"10.1.2.3\","
                        + "\"service\":\"instant messaging\",\"task\":\"send picture\",\"opcode\":\"09\",\"kind\":\"user\","
                        + "\"start\":110,\"end\":110.2,\"completion_s\":0.2,\"request_bytes\":4935,\"response_bytes\":209,"
                        + "\"bytes_up\":4935,\"bytes_down\":209}\n"
                        + "{\"flow\":\"op.pcap#1\",\"app\":\"wechat\",\"flow_type\":\"TCP\",\"client\":\"10.1.2.3\","
                        + "\"service\":\"system\",\"task\":\"heartbeat\",\"opcode\":\"06\",\"kind\":\"periodic\","
                        + "\"start\":410,\"end\":410.1,\"completion_s\":0.1,\"request_bytes\":16,\"response_bytes\":16,"
                        + "\"bytes_up\":16,\"bytes_down\":16}\n");
        Files.writeString(dir.resolve("users.jsonl"),
                "{\"user\":\"10.1.2.3\",\"session\":0,\"start\":100,\"end\":400,\"bytes_up\":1500,\"bytes_down\":30000,"
                        + "\"apps\":{\"wechat\":{\"bytes_up\":1500,\"bytes_down\":30000,\"transfer_s\":17,\"active_s\":300}},"
                        + "\"transfer_s\":17,\"active_s\":300}\n");
        Files.writeString(dir.resolve("summary.json"),
                "{\"packets_read\":30,\"packets_classified\":30,\"packets_unknown\":0,\"packets_undecoded\":0,"
                        + "\"undecoded\":{},\"files\":[\"op.pcap\"]}\n");
        return dir;
    }

    @Test
    void writesHtmlAndCsv() throws Exception {
        Path in = input();
        Path html = tmp.resolve("out/REPORT.html");
        assertEquals(ChatDissect.EXIT_OK, run("report", "--in", in.toString(), "--out", html.toString()), err.toString());
        assertTrue(out.toString().contains("REPORT.html"), out.toString());
        assertTrue(Files.readString(html).contains("data:image/png;base64,"));
        assertEquals("instant messaging,send picture,4935,N/A,209,N/A",
                Files.readAllLines(tmp.resolve("out/REPORT-table5.csv")).get(1));
        for (String csv : new String[] {"table3", "table4", "fig6", "fig7"}) {
            assertTrue(Files.isRegularFile(tmp.resolve("out/REPORT-" + csv + ".csv")), csv);
        }
        byte[] first = Files.readAllBytes(html);
        assertEquals(ChatDissect.EXIT_OK, run("report", "--in", in.toString(), "--out", html.toString()));
        assertArrayEquals(first, Files.readAllBytes(html));
    }

    @Test
    void missingInputIsOneLineAndExit1() {
        Path missing = tmp.resolve("nope");
        assertEquals(ChatDissect.EXIT_BAD_INPUT, run("report", "--in", missing.toString(), "--out", tmp.resolve("r.html").toString()));
        assertEquals("chatdissect report: " + missing + ": no such directory", err.toString().strip());
    }

    @Test
    void malformedLineIsOneLineAndExit1() throws Exception {
        Path in = input();
        Files.writeString(in.resolve("users.jsonl"), "{not json\n");
        assertEquals(ChatDissect.EXIT_BAD_INPUT, run("report", "--in", in.toString(), "--out", tmp.resolve("r.html").toString()));
        String e = err.toString().strip();
        assertTrue(e.startsWith("chatdissect report: " + in.resolve("users.jsonl") + ":1: malformed JSON"), e);
        assertEquals(1, e.lines().count());
    }

    @Test
    void badFlagIsExit2() {
        assertEquals(ChatDissect.EXIT_USAGE, run("report", "--in", "x", "--out", "y.html", "--frobnicate"));
        assertEquals(ChatDissect.EXIT_USAGE, run("report", "--out", "y.html"));
    }
}
