package org.chatdissect.match.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny hand-made classifier output directory whose tables are worked out by hand in the tests.
 * Three users; 10.0.0.2 has two sessions (the second only in b.pcap); 10.0.0.3 never uses wechat.
 */
final class ReportFixture {
    private ReportFixture() {}

    static final String FLOWS = String.join("\n",
            flow("a.pcap", 1, "10.0.0.1", 1100, 1000, 4000, "TCP", "wechat"),
            flow("a.pcap", 2, "10.0.0.2", 1200, 500, 4000, "HTTP", "wechat"),
            flow("a.pcap", 3, "10.0.0.2", 1300, 400, 100, "TLS", "unknown"),
            flow("a.pcap", 4, "10.0.0.3", 1400, 200, 800, "TCP", "unknown"),
            "",
            flow("b.pcap", 1, "10.0.0.1", 1500, 1000, 4000, "TCP", "unknown"),
            flow("b.pcap", 2, "10.0.0.2", 10100, 300, 700, "UDP", "unknown")) + "\n";

    static final String TASKS = String.join("\n",
            task("a.pcap#1", "wechat", "TCP", "10.0.0.1", "instant messaging", "send text", 1101, 0.1, 300, 200),
            task("a.pcap#1", "wechat", "TCP", "10.0.0.1", "instant messaging", "send text", 1131, 0.3, 400, 0),
            task("a.pcap#1", "wechat", "TCP", "10.0.0.1", "system", "heartbeat", 1401, 0.05, 16, 16),
            task("a.pcap#2", "wechat", "HTTP", "10.0.0.2", "instant messaging", "receive picture", 1201, 1.0, 450, 3000),
            task("a.pcap#1", "wechat", "TCP", "10.0.0.1", "instant messaging", "receive picture", 1501, 0.2, 200, 3500),
            task("a.pcap#9", "qq", "TCP", "10.0.0.3", "instant messaging", "send text", 1402, 0.1, 999, 999),
            task("a.pcap#1", "wechat", "TCP", "10.0.0.1", "instant messaging", "unknown opcode 7f", 1600, 0.0, 0, 0))
            + "\n";

    static final String USERS = String.join("\n",
            "{\"user\":\"10.0.0.1\",\"session\":0,\"start\":1000,\"end\":5000,\"bytes_up\":2000,\"bytes_down\":8000,"
                    + "\"apps\":{\"wechat\":{\"bytes_up\":1000,\"bytes_down\":4000,\"transfer_s\":10,\"active_s\":100}},"
                    + "\"transfer_s\":40,\"active_s\":400}",
            "{\"user\":\"10.0.0.2\",\"session\":0,\"start\":1000,\"end\":2000,\"bytes_up\":500,\"bytes_down\":500,"
                    + "\"apps\":{\"wechat\":{\"bytes_up\":100,\"bytes_down\":400,\"transfer_s\":5,\"active_s\":50}},"
                    + "\"transfer_s\":10,\"active_s\":100}",
            "{\"user\":\"10.0.0.2\",\"session\":1,\"start\":10000,\"end\":12000,\"bytes_up\":300,\"bytes_down\":700,"
                    + "\"apps\":{},\"transfer_s\":3,\"active_s\":30}",
            "{\"user\":\"10.0.0.3\",\"session\":0,\"start\":1000,\"end\":3000,\"bytes_up\":200,\"bytes_down\":800,"
                    + "\"apps\":{\"other\":{\"bytes_up\":200,\"bytes_down\":800,\"transfer_s\":2,\"active_s\":20}},"
                    + "\"transfer_s\":2,\"active_s\":20,\"future_field\":[1,2]}") + "\n";

    static final String SUMMARY = "{\n  \"packets_read\": 120,\n  \"packets_classified\": 80,\n  \"packets_unknown\": 30,\n"
            + "  \"packets_undecoded\": 10,\n  \"undecoded\": {\"truncated\": 7, \"bad checksum\": 3},\n"
            + "  \"files\": [\"a.pcap\", \"b.pcap\"]\n}\n";

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("flows.jsonl"), FLOWS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tasks.jsonl"), TASKS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users.jsonl"), USERS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.json"), SUMMARY, StandardCharsets.UTF_8);
        return dir;
    }

    static ReportInput input(Path dir) throws IOException {
        return ReportReader.read(write(dir));
    }

    private static String flow(String file, int frame, String client, double start, long up, long down, String type, String app) {
        return "{\"file\":\"" + file + "\",\"first_frame\":" + frame + ",\"proto\":\"tcp\",\"client\":\"" + client
                + "\",\"client_port\":40000,\"server\":\"203.0.113.10\",\"server_port\":8080,\"start\":" + start
                + ",\"end\":" + (start + 60) + ",\"packets_up\":3,\"packets_down\":4,\"bytes_up\":" + up
                + ",\"bytes_down\":" + down + ",\"flow_type\":\"" + type + "\",\"host\":\"h.example\",\"app\":\"" + app
                + "\",\"signature\":\"W-" + type + "\",\"tasks\":2,\"an_unknown_key\":{\"x\":1}}";
    }

    private static String task(String flow, String app, String type, String client, String service, String task,
            double start, double completion, long req, long resp) {
        return "{\"flow\":\"" + flow + "\",\"app\":\"" + app + "\",\"flow_type\":\"" + type + "\",\"client\":\"" + client
                + "\",\"service\":\"" + service + "\",\"task\":\"" + task + "\",\"opcode\":"
                + ("HTTP".equals(type) ? "null" : "\"09\"") + ",\"kind\":\"user\",\"start\":" + start + ",\"end\":"
                + (start + completion) + ",\"completion_s\":" + completion + ",\"request_bytes\":" + req
                + ",\"response_bytes\":" + resp + ",\"bytes_up\":" + req + ",\"bytes_down\":" + resp + "}";
    }
}
