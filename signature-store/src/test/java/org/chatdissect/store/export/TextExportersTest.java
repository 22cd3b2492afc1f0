package org.chatdissect.store.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.Fixtures;
import org.junit.jupiter.api.Test;

/** Suricata rules through a small grammar checker (a syntax check, not Suricata itself), CSV quoting, purity. */
class TextExportersTest {
    private static final Set<String> KEYWORDS = Set.of("msg", "flow", "dsize", "content", "offset", "depth",
            "nocase", "bsize", "byte_test", "flowbits", "classtype", "sid", "rev", "dns.query", "http.host", "http.user_agent",
            "http.referer", "http.uri", "http.method", "tls.sni");
    private static final Set<String> STICKY = Set.of("dns.query", "http.host", "http.user_agent", "http.referer",
            "http.uri", "http.method", "tls.sni");
    private static final Pattern RULE = Pattern.compile(
            "alert (tcp|udp|dns|http|tls) (any|\\S+) (any|\\d+) (?:->|<>) (any|\\S+) (any|\\d+|\\[\\d+(?:,\\d+)*\\]) \\((.*)\\)");

    /** Checks one rule; returns its sid. */
    static long check(String rule) {
        Matcher m = RULE.matcher(rule);
        assertTrue(m.matches(), "header: " + rule);
        String body = m.group(6);
        List<String[]> options = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            while (i < body.length() && body.charAt(i) == ' ') {
                i++;
            }
            if (i >= body.length()) {
                break;
            }
            int end = i;
            boolean quoted = false;
            while (end < body.length() && (quoted || body.charAt(end) != ';')) {
                char c = body.charAt(end);
                if (c == '\\' && quoted) {
                    end += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = !quoted;
                }
                end++;
            }
            assertTrue(end < body.length(), "unterminated option in " + rule);
            String opt = body.substring(i, end);
            int colon = opt.indexOf(':');
            options.add(colon < 0 ? new String[] {opt, null} : new String[] {opt.substring(0, colon),
                opt.substring(colon + 1)});
            i = end + 1;
        }
        Set<String> seen = new HashSet<>();
        boolean contentSeen = false;
        boolean stickyPending = false;
        for (String[] o : options) {
            assertTrue(KEYWORDS.contains(o[0]), "unknown keyword " + o[0] + " in " + rule);
            seen.add(o[0]);
            switch (o[0]) {
                case "msg" -> assertTrue(o[1].matches("\"([^\"\\\\;]|\\\\[\"\\\\;])*\""), "msg " + o[1]);
                case "content" -> {
                    assertTrue(o[1].matches("\"([^\"\\\\;|]|\\|([0-9a-f]{2}( [0-9a-f]{2})*)\\|)+\""),
                            "content " + o[1]);
                    contentSeen = true;
                    stickyPending = false;
                }
                case "offset", "depth" -> {
                    assertTrue(contentSeen, o[0] + " before content: " + rule);
                    assertTrue(o[1].matches("\\d+"), o[0] + " " + o[1]);
                }
                case "dsize", "bsize" -> assertTrue(o[1].matches("(>=)?\\d+|\\d+<>\\d+"), o[0] + " " + o[1]);
                case "byte_test" -> assertTrue(o[1].matches("[1-8],[<>=],\\d+,\\d+,(big|little)(,bitmask 0x[0-9a-f]{2})?"),
                        o[0] + " " + o[1]);
                case "sid", "rev" -> assertTrue(o[1].matches("[1-9]\\d*"), o[0] + " " + o[1]);
                case "nocase" -> assertTrue(o[1] == null && contentSeen);
                case "flowbits" -> assertTrue(o[1].matches("(set|isset),[A-Za-z0-9_.]+"), o[1]);
                case "flow" -> assertTrue(o[1].matches("established(,to_server)?"), o[1]);
                case "classtype" -> assertTrue(o[1].matches("[a-z-]+"));
                default -> {
                    assertTrue(STICKY.contains(o[0]) && o[1] == null, o[0]);
                    stickyPending = true;
                }
            }
        }
        assertTrue(!stickyPending, "sticky buffer without content: " + rule);
        assertTrue(seen.containsAll(List.of("msg", "sid", "rev")) && (seen.contains("content")
                || seen.contains("byte_test")), "required options: " + rule);
        return Long.parseLong(options.stream().filter(o -> o[0].equals("sid")).findFirst().orElseThrow()[1]);
    }

    @Test
    void suricataRulesPassTheGrammarCheck() {
        SignatureSet set = Fixtures.wechat();
        String text = new SuricataExporter(5_000_000).export(new ExportOptions(5_000_000, true).select(set));
        Set<Long> sids = new HashSet<>();
        int rules = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            assertTrue(sids.add(check(line)), "duplicate sid: " + line);
            rules++;
        }
        // W-TCP request + response, W-UDP-chat 2 opcodes, W-UDP-signaling 2 values, 3 HTTP app keywords + 1 task
        // keyword (the method keyword names no task), 1 DNS, 1 TLS
        assertEquals(2 + 2 + 2 + 4 + 1 + 1, rules, text);
        assertEquals(5_000_000L, sids.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertTrue(text.contains("alert tcp any any -> any any (msg:\"chatdissect wechat/W-TCP request\"; "
                + "flow:established; dsize:>=16; content:\"|00 10 00 01|\"; offset:4; depth:4; "
                + "content:\"|00 00 00|\"; offset:8; depth:3;"), text);
        assertTrue(text.contains("http.uri; content:\"/cgi-bin/micromsg-bin/uploadmsgimg\"; "
                + "flowbits:isset,chatdissect.wechat;"), text);
    }

    /** The rules of an export by their text without the sid, and the sids. */
    private static java.util.Map<String, Long> rules(String text) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.put(line.replaceAll(" sid:[0-9]+;", ""), check(line));
            }
        }
        return out;
    }

    @Test
    void defaultSidsComeFromTheRulesSoExportsLoadTogether() {
        SignatureSet wechat = Fixtures.wechat();
        SignatureSet other = new SignatureSet(wechat.version(), wechat.signatures().stream()
                .map(s -> new org.chatdissect.model.Signature("otherapp", s.name(), s.flowType(), s.scope(),
                        s.status(), s.fields(), s.opcodes(), s.keywords(), s.servers(), s.associations(), s.provenance()))
                .toList());
        ExportOptions opts = new ExportOptions(ExportOptions.DEFAULT_SID_BASE, true);
        java.util.Map<String, Long> a = rules(new SuricataExporter(opts.suricataSidBase()).export(opts.select(wechat)));
        java.util.Map<String, Long> again = rules(new SuricataExporter(opts.suricataSidBase()).export(opts.select(wechat)));
        java.util.Map<String, Long> b = rules(new SuricataExporter(opts.suricataSidBase()).export(opts.select(other)));
        assertEquals(a, again, "the same rules keep their sids");
        Set<Long> both = new HashSet<>(a.values());
        both.retainAll(b.values());
        assertEquals(Set.of(), both, "two applications' files share no sid");
        assertTrue(a.values().stream().allMatch(sid -> sid >= 1_000_000_000L && sid < (1L << 31)), a.toString());
        // http.host: Suricata's buffer is lower case and takes no nocase
        List<String> hosts = a.keySet().stream().filter(r -> r.contains("http.host;")).toList();
        assertFalse(hosts.isEmpty());
        assertTrue(hosts.stream().noneMatch(r -> r.contains("nocase")), hosts.toString());
    }

    @Test
    void suricataEndpointRulesAlertOncePerFlow() {
        org.chatdissect.model.Signature ep = new org.chatdissect.model.Signature("skype", "UDP-ENDPOINTS",
                org.chatdissect.model.FlowType.UDP, 0, org.chatdissect.model.Status.REVIEWED, List.of(), null,
                List.of(), List.of(new org.chatdissect.model.Server("203.0.113.7", 33033)), null);
        String rule = new SuricataExporter(0).export(SignatureSet.of(List.of(ep))).lines()
                .filter(l -> l.startsWith("alert")).findFirst().orElseThrow();
        assertTrue(rule.startsWith("alert udp any any <> 203.0.113.7 33033 (msg:\"chatdissect skype/UDP-ENDPOINTS server"
                + " 203.0.113.7 port 33033\"; flowbits:isnotset,chatdissect.endpoint; flowbits:set,chatdissect.endpoint;"),
                rule);
    }

    @Test
    void ndpiNamesNoPrivateServer() {
        org.chatdissect.model.Signature lab = new org.chatdissect.model.Signature("meeting", "TCP",
                org.chatdissect.model.FlowType.TCP, 0, org.chatdissect.model.Status.REVIEWED, List.of(), null,
                List.of(), List.of(new org.chatdissect.model.Server("192.168.1.20", 5001),
                        new org.chatdissect.model.Server("10.0.0.9", 5002),
                        new org.chatdissect.model.Server("203.0.113.7", 5003)), null);
        String text = new NdpiExporter().export(SignatureSet.of(List.of(lab)));
        assertTrue(text.contains("ip:203.0.113.7:5003@"), text);
        assertFalse(text.contains("ip:192.168.1.20"), text);
        assertFalse(text.contains("ip:10.0.0.9"), text);
        assertTrue(text.contains("# not exported: meeting/TCP server 192.168.1.20:5001 (a private address"), text);
        assertTrue(NdpiExporter.local("172.20.0.1") && NdpiExporter.local("100.64.1.1") && !NdpiExporter.local("172.32.0.1"));
    }

    @Test
    void suricataEscapesHostileText() {
        assertEquals("a|3b|b|22 5c 7c|c|20|d", SuricataExporter.textContent("a;b\"\\|c d"));
        assertEquals("x\\;y\\\"z", SuricataExporter.escapeMsg("x;y\"z"));
        check("alert http any any -> any any (msg:\"a\\;b\"; http.host; content:\"a|3b|b\"; sid:1; rev:1;)");
    }

    @Test
    void csvQuotesPerRfc4180() {
        String csv = new CsvExporter().export(Fixtures.wechat());
        String[] lines = csv.split("\r\n", -1);
        assertEquals(String.join(",", CsvExporter.HEADER), lines[0]);
        assertEquals("", lines[lines.length - 1]);
        assertTrue(csv.contains("wechat,W-TCP,TCP,reviewed,field,4,4,constant,00100001,,,,,,,,,\r\n"), csv);
        assertTrue(csv.contains("wechat,W-TCP,TCP,reviewed,opcode,,,,06,heartbeat,system,periodic,300.0,,,,,\r\n"), csv);
        assertTrue(csv.contains("wechat,W-HTTP,HTTP,reviewed,keyword,,,http.url,/cgi-bin/micromsg-bin/uploadmsgimg,"
                + "send picture,,,,,0.03,,,\r\n"), csv);
        assertEquals("\"a,b\"", CsvExporter.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExporter.quote("say \"hi\""));
        assertEquals("\"x\ny\"", CsvExporter.quote("x\ny"));
        assertEquals(27, lines.length - 2); // 14 fields, 5 opcodes, 7 keywords, 1 server
    }

    @Test
    void lengthRelationInCsvAndTheTable() {
        Signature media = new Signature("meeting", "MEDIA", org.chatdissect.model.FlowType.TCP, 16, Status.REVIEWED,
                List.of(FieldSpec.length(0, 8, org.chatdissect.model.Endian.LITTLE, 8, 1 << 20)), null, null, null,
                null);
        SignatureSet set = SignatureSet.of(List.of(media));
        String csv = new CsvExporter().export(set);
        assertTrue(csv.contains("meeting,MEDIA,TCP,reviewed,field,0,8,length,,,,,,,,8,1048576,\r\n"), csv);
        String table = org.chatdissect.store.text.SignatureTable.render(set);
        assertTrue(table.contains("  bytes 0..7     length       little endian, message = value + 8, at most 1048576"
                + " bytes (compared)\n"), table);
    }

    @Test
    void textSignaturesInCsvAndTheTable() {
        SignatureSet set = SignatureSet.of(java.util.List.of(TextLuaToolTest.meetingText()));
        String csv = new CsvExporter().export(set);
        assertTrue(csv.contains("meeting,TEXT,TCP,reviewed,keyword,,24,text.line,set admin,manage_meeting,,,,,0.1,,,\r\n"),
                csv);
        assertTrue(csv.contains("meeting,TEXT,TCP,reviewed,keyword,,24,text.line,create room,,,,,,0.3,,,\r\n"), csv);
        String table = org.chatdissect.store.text.SignatureTable.render(set);
        assertTrue(table.startsWith("meeting/TEXT  TCP  reviewed  text  scope 24 bytes\n"), table);
        assertTrue(table.contains("text.line        set admin    coverage 0.10  task manage_meeting"), table);
    }

    @Test
    void weakTcpSignaturesAreExportedWithTheirServerPorts() {
        Signature weak = new Signature("meeting", "TCP", org.chatdissect.model.FlowType.TCP, 16, Status.REVIEWED,
                List.of(new FieldSpec(0, 1, org.chatdissect.model.FieldType.CONSTANT, null, List.of("01"), null, null)),
                null, null, List.of(new Server("10.0.0.5", 5004), new Server("10.0.0.6", 5004)), null);
        assertTrue(weak.restrictedToServerPorts());
        SignatureSet set = SignatureSet.of(List.of(weak));
        String rules = new SuricataExporter(ExportOptions.defaults().suricataSidBase()).export(set);
        String rule = rules.lines().filter(l -> l.startsWith("alert")).findFirst().orElseThrow();
        assertTrue(rule.startsWith("alert tcp any any <> any 5004 ("), rule);
        check(rule);
        String lua = new WiresharkLuaExporter().export(set);
        assertTrue(lua.contains("if (pinfo.src_port == 5004 or pinfo.dst_port == 5004) and match_1(tvb, len) then"), lua);
        String bpf = BpfExporter.expression(weak);
        assertTrue(bpf.startsWith("(ip and tcp and (tcp port 5004) and "), bpf);
        assertTrue(bpf.contains(") or (ip6 and ip6[6] = 6 and (tcp port 5004) and "), bpf);
    }

    @Test
    void exportsArePureAndSelectReviewed() {
        SignatureSet set = ExportOptions.defaults().select(Fixtures.wechat());
        assertTrue(set.find("wechat/W-UDP-signaling").isEmpty());
        for (ExportFormat f : ExportFormat.values()) {
            Exporter e = f.exporter(ExportOptions.defaults());
            assertEquals(f, e.format());
            assertEquals(e.export(set), e.export(set));
            assertTrue(e.export(set).endsWith("\n"), f.cliName());
        }
    }
}
