package org.chatdissect.store.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.chatdissect.datasets.net.HandCapture;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.Fixtures;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.match.KeywordSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports the paper's signatures and runs the real tools (tcpdump, tshark, ndpiReader) on a test trace built by
 * {@link HandCapture}; each tool must agree with the reference matchers. Tests skip when their tool is missing.
 */
class ExporterToolTest {
    @TempDir
    static Path dir;

    static SignatureSet all;
    static SignatureSet exported;
    static HandCapture trace;
    static Path pcap;

    static final String CLIENT = "10.0.0.2";
    static final String LONG = "203.0.113.10";
    static final String OTHER = "198.51.100.7";
    static final String VOIP = "203.0.113.20";

    static byte[] wtcp(String constant, String reqresp, String opcode, int extra) {
        byte[] b = new byte[16 + extra];
        int len = b.length;
        b[0] = (byte) (len >> 24);
        b[1] = (byte) (len >> 16);
        b[2] = (byte) (len >> 8);
        b[3] = (byte) len;
        System.arraycopy(HexFormat.of().parseHex(constant), 0, b, 4, 4);
        System.arraycopy(HexFormat.of().parseHex(reqresp), 0, b, 8, 3);
        b[11] = HexFormat.of().parseHex(opcode)[0];
        b[15] = 7;
        for (int i = 16; i < b.length; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    static byte[] wudp(String opcode, String constant) {
        byte[] b = new byte[24];
        b[0] = 0x55;
        b[1] = HexFormat.of().parseHex(opcode)[0];
        b[3] = 1;
        b[4] = HexFormat.of().parseHex(constant)[0];
        return b;
    }

    static byte[] dns(String qname) {
        List<Byte> q = new ArrayList<>();
        for (byte x : new byte[] {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0}) {
            q.add(x);
        }
        for (String label : qname.split("\\.")) {
            q.add((byte) label.length());
            for (byte x : label.getBytes(StandardCharsets.US_ASCII)) {
                q.add(x);
            }
        }
        for (byte x : new byte[] {0, 0, 1, 0, 1}) {
            q.add(x);
        }
        byte[] b = new byte[q.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = q.get(i);
        }
        return b;
    }

    static byte[] http(String method, String url, String host, String ua) {
        return (method + " " + url + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + ua
                + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @BeforeAll
    static void build() throws IOException {
        all = Fixtures.wechat();
        exported = ExportOptions.defaults().select(all);
        trace = new HandCapture();
        trace.handshake(CLIENT, 40001, LONG, 8080)
                .tcp(CLIENT, 40001, LONG, 8080, wtcp("00100001", "000000", "09", 20)) // send picture, request
                .tcp(LONG, 8080, CLIENT, 40001, wtcp("00100001", "3b9aca", "09", 0)) // response
                .tcp(CLIENT, 40001, LONG, 8080, wtcp("00100001", "000000", "06", 0)) // heartbeat
                .tcp(CLIENT, 40001, LONG, 8080, wtcp("00100001", "000000", "8b", 4)) // unknown opcode: still W-TCP
                .tcp(CLIENT, 40001, LONG, 8080, wtcp("00100002", "000000", "09", 0)) // wrong constant
                .tcp(CLIENT, 40001, LONG, 8080, Arrays.copyOf(wtcp("00100001", "000000", "09", 0), 10)) // short
                .tcp(CLIENT, 40001, LONG, 8080, wtcp("00100001", "123456", "09", 0)) // neither request nor response
                .tcp(CLIENT, 40001, LONG, 8080, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
                .tcp(LONG, 8080, CLIENT, 40001, wtcp("00100001", "3b9aca", "8a", 2)) // sync
                .tcp(CLIENT, 40002, OTHER, 443, wtcp("00100001", "000000", "09", 0)) // other port: headers decide
                .tcp("2001:db8::2", 40003, "2001:db8::10", 8080, wtcp("00100001", "000000", "06", 0)) // IPv6
                .tcp("2001:db8::2", 40003, "2001:db8::10", 8080, wtcp("00100003", "000000", "06", 0))
                .udp(CLIENT, 50000, VOIP, 16285, wudp("0a", "d5")) // voip
                .udp(VOIP, 16285, CLIENT, 50000, wudp("0b", "d5")) // walkie-talkie
                .udp(CLIENT, 50000, VOIP, 16285, wudp("0c", "d5")) // unknown UDP opcode: no match
                .udp(CLIENT, 50000, VOIP, 16285, wudp("0a", "d6")) // wrong constant
                .udp(CLIENT, 50001, VOIP, 16286, HexFormat.of().parseHex("a3f10000010000010000000001000000"))
                .udp("2001:db8::2", 50002, "2001:db8::20", 16285, wudp("0b", "d5"))
                .vlan(42) // 802.1Q-tagged frames, as a third of an operator trace may be
                .tcp(CLIENT, 40004, LONG, 8080, wtcp("00100001", "000000", "06", 0)) // tagged heartbeat
                .tcp(CLIENT, 40004, LONG, 8080, wtcp("00100002", "000000", "06", 0)) // tagged, wrong constant
                .udp(CLIENT, 50003, VOIP, 16285, wudp("0a", "d5")) // tagged voip
                .tcp("2001:db8::2", 40005, "2001:db8::10", 8080, wtcp("00100001", "000000", "06", 0)) // tagged IPv6
                .vlan(-1)
                .udp(CLIENT, 53001, "192.0.2.53", 53, dns("hkshort.weixin.qq.com"))
                .udp(CLIENT, 53002, "192.0.2.53", 53, dns("www.example.com"))
                .handshake(CLIENT, 40010, "203.0.113.30", 80)
                .tcp(CLIENT, 40010, "203.0.113.30", 80, http("POST", "/cgi-bin/micromsg-bin/uploadmsgimg",
                        "short.weixin.qq.com", "MicroMessenger Client"))
                .handshake(CLIENT, 40011, "192.0.2.80", 80)
                .tcp(CLIENT, 40011, "192.0.2.80", 80, http("GET", "/index.html", "www.example.org", "curl/8"));
        pcap = dir.resolve("trace.pcap");
        trace.write(pcap);
        String keep = System.getenv("CHATDISSECT_KEEP_TRACE");
        if (keep != null) {
            trace.write(Path.of(keep));
        }
    }

    /** Per frame (1-based): the first exported header signature the reference matcher accepts, else null. */
    static Signature reference(HandCapture.Frame f) {
        if (f.payload().length == 0 || isKeywordTraffic(f)) {
            return null;
        }
        for (Signature s : exported.signatures()) {
            if (s.isHeaderSignature() && (s.flowType() == FlowType.TCP) == f.tcp()
                    && HeaderSignatures.matches(s, f.payload())) {
                return s;
            }
        }
        return null;
    }

    private static boolean isKeywordTraffic(HandCapture.Frame f) {
        return f.flow().endsWith(":53") || f.flow().endsWith(":80");
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timeout: " + cmd);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + text);
        return text;
    }

    /** The frames (hex) tcpdump keeps of {@code pcap} under the filter {@code expr}, written to {@code out}. */
    static List<String> bpfKept(Path pcap, String expr, Path out) throws IOException, InterruptedException {
        run(List.of("tcpdump", "-r", pcap.toString(), "-w", out.toString(), expr));
        return HandCapture.read(out).stream().map(java.util.HexFormat.of()::formatHex).toList();
    }

    /**
     * tshark with an exported Lua plugin, its heuristics first and TCP reassembly off: every frame's number and the
     * value of the plugin's {@code field} (e.g. {@code meeting.signature}), empty where it labels none.
     */
    static java.util.Map<Integer, String> luaLabels(Path lua, Path pcap, String field)
            throws IOException, InterruptedException {
        String out = run(List.of("tshark", "-n", "-X", "lua_script:" + lua, "-r", pcap.toString(),
                "-o", "tcp.try_heuristic_first:TRUE", "-o", "udp.try_heuristic_first:TRUE",
                "-o", "tcp.desegment_tcp_streams:FALSE",
                "-T", "fields", "-E", "separator=/t", "-e", "frame.number", "-e", field));
        java.util.Map<Integer, String> got = new java.util.LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length == 2 && c[0].matches("\\d+")) {
                got.put(Integer.parseInt(c[0]), c[1]);
            }
        }
        return got;
    }

    static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void traceExercisesTheInterestingCases() {
        long matched = trace.frames().stream().filter(f -> reference(f) != null).count();
        assertEquals(13, matched); // 6 W-TCP IPv4 + 1 IPv6 + 2 W-UDP + 1 W-UDP IPv6 + 3 802.1Q-tagged
    }

    @Test
    void bpfKeepsExactlyTheMatchingFrames() throws Exception {
        assumeTrue(available("tcpdump"), "tcpdump not installed");
        for (Signature s : exported.signatures()) {
            if (!s.isHeaderSignature()) {
                continue;
            }
            Path out = dir.resolve("bpf-" + s.name() + ".pcap");
            run(List.of("tcpdump", "-r", pcap.toString(), "-w", out.toString(),
                    BpfExporter.withVlan(BpfExporter.expression(s))));
            List<String> kept = HandCapture.read(out).stream().map(HexFormat.of()::formatHex).toList();
            List<String> expected = trace.frames().stream().filter(f -> s.equals(reference(f)))
                    .map(f -> HexFormat.of().formatHex(f.bytes())).toList();
            assertEquals(expected, kept, s.id() + ": " + BpfExporter.withVlan(BpfExporter.expression(s)));
        }
        // the whole file, as tcpdump -F reads it (comments included)
        Path file = dir.resolve("sig.bpf");
        Files.writeString(file, new BpfExporter().export(exported));
        Path out = dir.resolve("bpf-all.pcap");
        run(List.of("tcpdump", "-r", pcap.toString(), "-w", out.toString(), "-F", file.toString()));
        List<String> kept = HandCapture.read(out).stream().map(HexFormat.of()::formatHex).toList();
        List<String> expected = trace.frames().stream().filter(f -> reference(f) != null)
                .map(f -> HexFormat.of().formatHex(f.bytes())).toList();
        assertEquals(expected, kept);
    }

    @Test
    void wiresharkLuaLabelsEachFrameLikeTheReference() throws Exception {
        assumeTrue(available("tshark"), "tshark not installed");
        Map<Integer, String> got = luaLabels(List.of("-o", "tcp.try_heuristic_first:TRUE", "-o",
                "udp.try_heuristic_first:TRUE"));
        assertEquals(trace.frames().size(), got.size(), got.toString());
        for (int i = 0; i < trace.frames().size(); i++) {
            assertEquals(expectedLabel(trace.frames().get(i)), got.get(i + 1), "frame " + (i + 1));
        }
    }

    /**
     * With tshark's defaults a port's own dissector runs before any heuristic one (8080 is HTTP's): the plugin also
     * sits on its signatures' server ports, so every frame to or from one is labelled as the reference says, and the
     * port's usual traffic still goes to its former dissector.
     */
    @Test
    void wiresharkLuaWorksWithTsharksDefaults() throws Exception {
        assumeTrue(available("tshark"), "tshark not installed");
        Map<Integer, String> got = luaLabels(List.of());
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        exported.signatures().stream().filter(Signature::isHeaderSignature)
                .forEach(s -> s.servers().forEach(v -> ports.add(v.port())));
        int compared = 0;
        for (int i = 0; i < trace.frames().size(); i++) {
            HandCapture.Frame f = trace.frames().get(i);
            String[] ends = f.flow().split(">");
            int sport = Integer.parseInt(ends[0].substring(ends[0].lastIndexOf(':') + 1));
            int dport = Integer.parseInt(ends[1].substring(ends[1].lastIndexOf(':') + 1));
            if (ports.contains(sport) || ports.contains(dport)) {
                assertEquals(expectedLabel(f), got.get(i + 1), "frame " + (i + 1) + " " + f.flow());
                compared++;
            }
        }
        assertTrue(compared >= 10, "frames on the signatures' ports: " + compared);
    }

    /** An application named like one of Wireshark's own protocols (skype) still loads, as chatdissect_skype. */
    @Test
    void wiresharkLuaOfAnAppNamedLikeABuiltInProtocolLoads() throws Exception {
        assumeTrue(available("tshark"), "tshark not installed");
        SignatureSet skype = SignatureSet.of(exported.signatures().stream().map(s -> new Signature("skype", s.name(),
                s.flowType(), s.scope(), s.status(), s.fields(), s.opcodes(), s.keywords(), s.servers(),
                s.associations(), s.provenance())).toList());
        Path lua = dir.resolve("skype.lua");
        Files.writeString(lua, new WiresharkLuaExporter().export(skype));
        // tshark exits 0 when a script fails to load, but a display filter naming an unknown field is an error
        String out = run(List.of("tshark", "-X", "lua_script:" + lua, "-r", pcap.toString(), "-Y",
                "chatdissect_skype.signature"));
        assertFalse(out.contains("Lua: Error"), out);
    }

    /** Per frame number: signature|opcode|task as the exported plugin labels it under tshark with {@code options}. */
    private static Map<Integer, String> luaLabels(List<String> options) throws Exception {
        Path lua = dir.resolve("wechat.lua");
        Files.writeString(lua, new WiresharkLuaExporter().export(exported));
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-X", "lua_script:" + lua, "-r", pcap.toString()));
        cmd.addAll(options);
        cmd.addAll(List.of("-T", "fields", "-E", "separator=/t", "-e", "frame.number", "-e", "wechat.signature",
                "-e", "wechat.opcode", "-e", "wechat.task"));
        String out = run(cmd);
        Map<Integer, String> got = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length == 4 && c[0].matches("\\d+")) {
                got.put(Integer.parseInt(c[0]), c[1] + "|" + c[2] + "|" + c[3]);
            }
        }
        return got;
    }

    /** The label the reference gives a frame: signature|0xopcode|task, or || when no header signature matches. */
    private static String expectedLabel(HandCapture.Frame f) {
        Signature s = reference(f);
        if (s == null) {
            return "||";
        }
        String op = HeaderSignatures.opcode(s, f.payload(), 0, f.payload().length).orElse("");
        String task = HeaderSignatures.task(s, f.payload(), 0, f.payload().length).map(OpcodeInfo::task).orElse("");
        return s.name() + "|" + (op.isEmpty() ? "" : "0x" + op) + "|" + task;
    }

    @Test
    void ndpiLabelsKeywordAndServerFlows() throws Exception {
        assumeTrue(available("ndpiReader"), "ndpiReader not installed");
        Path protos = dir.resolve("wechat.protos");
        Files.writeString(protos, new NdpiExporter().export(exported));
        String out = run(List.of("ndpiReader", "-p", protos.toString(), "-i", pcap.toString(), "-v", "2"));
        // flow lines: "  N  UDP 10.0.0.2:53001 <-> 192.0.2.53:53 [proto: 5.xxx/DNS.WechatDissect]..."
        Map<String, String> byServer = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(TCP|UDP) \\[?([0-9a-f.:]+?)\\]?:(\\d+) <?-> \\[?([0-9a-f.:]+?)\\]?:(\\d+) .*?\\[proto: "
                            + "[^/]*/([^\\]]*)\\]").matcher(line);
            if (m.find()) {
                byServer.put(m.group(2) + ":" + m.group(3) + "-" + m.group(4) + ":" + m.group(5), m.group(6));
            }
        }
        String app = NdpiExporter.protocolName("wechat");
        Map<String, Boolean> expected = new LinkedHashMap<>();
        // keyword flows: what KeywordSignatures says
        Signature dnsSig = exported.find("wechat/W-DNS").orElseThrow();
        Signature httpSig = exported.find("wechat/W-HTTP").orElseThrow();
        expected.put("10.0.0.2:53001-192.0.2.53:53", KeywordSignatures.matches(dnsSig, FlowType.DNS,
                Map.of(KeywordField.DNS_QNAME, "hkshort.weixin.qq.com")));
        expected.put("10.0.0.2:53002-192.0.2.53:53", KeywordSignatures.matches(dnsSig, FlowType.DNS,
                Map.of(KeywordField.DNS_QNAME, "www.example.com")));
        expected.put("10.0.0.2:40010-203.0.113.30:80", KeywordSignatures.matches(httpSig, FlowType.HTTP,
                Map.of(KeywordField.HTTP_HOST, "short.weixin.qq.com", KeywordField.HTTP_USER_AGENT,
                        "MicroMessenger Client")));
        expected.put("10.0.0.2:40011-192.0.2.80:80", KeywordSignatures.matches(httpSig, FlowType.HTTP,
                Map.of(KeywordField.HTTP_HOST, "www.example.org", KeywordField.HTTP_USER_AGENT, "curl/8")));
        // the learned server of W-TCP: labelled by its ip:port rule
        expected.put("10.0.0.2:40001-203.0.113.10:8080", true);
        assertEquals(List.of(true, false, true, false, true), List.copyOf(expected.values()));
        for (Map.Entry<String, Boolean> e : expected.entrySet()) {
            String label = byServer.get(e.getKey());
            assertTrue(label != null, "no flow " + e.getKey() + " in:\n" + out);
            assertEquals(e.getValue(), label.contains(app), e.getKey() + " labelled " + label);
        }
        // limit, pinned: a W-TCP header on a port/server nDPI was not told about stays unlabelled
        String other = byServer.get("10.0.0.2:40002-198.51.100.7:443");
        assertTrue(other != null && !other.contains(app), "" + other);
        assertTrue(new TreeSet<>(byServer.values()).stream().anyMatch(v -> v.contains(app)));
    }
}
