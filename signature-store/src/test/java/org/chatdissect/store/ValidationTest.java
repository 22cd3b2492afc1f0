package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.chatdissect.store.json.SignatureJson;
import org.junit.jupiter.api.Test;

/** Exact messages for broken files. */
class ValidationTest {
    private static final String LEN = "{\"offset\": 0, \"length\": 4, \"type\": \"length\"}";
    private static final String CONST = "{\"offset\": 4, \"length\": 4, \"type\": \"constant\", \"values\": [\"00100001\"]}";

    private static SignatureFileException fail(String text) {
        return assertThrows(SignatureFileException.class, () -> SignatureJson.parse(text, "sig.json"));
    }

    private static void expect(String fields, String message) {
        assertEquals(message, fail(Fixtures.tcpWithFields(fields)).getMessage());
    }

    @Test
    void offsetBeyondScope() {
        expect(LEN + "," + CONST + ",{\"offset\": 18, \"length\": 1, \"type\": \"sequence\"}",
                "sig.json: signature 1 (\"W-TCP\"), field 3: offset 18 beyond scope 16");
        expect(CONST + ",{\"offset\": 14, \"length\": 4, \"type\": \"sequence\"}",
                "sig.json: signature 1 (\"W-TCP\"), field 2: bytes 14..17 extend beyond scope 16");
    }

    @Test
    void overlappingFields() {
        expect(LEN + ",{\"offset\": 3, \"length\": 4, \"type\": \"constant\", \"values\": [\"00100001\"]}",
                "sig.json: signature 1 (\"W-TCP\"), field 2: overlaps field 1 (bytes 0..3)");
    }

    @Test
    void hexProblems() {
        expect("{\"offset\": 4, \"length\": 4, \"type\": \"constant\", \"values\": [\"0010\"]}",
                "sig.json: signature 1 (\"W-TCP\"), field 1: value \"0010\" is 2 bytes, the field is 4");
        expect("{\"offset\": 4, \"length\": 4, \"type\": \"constant\", \"values\": [\"0010000G\"]}",
                "sig.json: signature 1 (\"W-TCP\"), field 1: value \"0010000G\" is not lower-case hex");
        expect("{\"offset\": 4, \"length\": 4, \"type\": \"constant\", \"values\": [\"00100001\", \"00100001\"]}",
                "sig.json: signature 1 (\"W-TCP\"), field 1: value \"00100001\" is listed twice");
    }

    @Test
    void serverListedTwice() {
        String twice = "\"servers\": [{\"ip\": \"203.0.113.10\", \"port\": 8080}, {\"ip\": \"203.0.113.10\", \"port\": 8080}, "
                + "{\"ip\": \"203.0.113.10\", \"port\": 808}, {\"ip\": \"203.0.113.1\", \"port\": 8080}]";
        String text = Fixtures.wechatText().replace("\"servers\": [{\"ip\": \"203.0.113.10\", \"port\": 8080}]", twice);
        assertEquals("sig.json: signature 1 (\"W-TCP\"), server 2: 203.0.113.10 port 8080 is listed twice",
                fail(text).getMessage());
    }

    @Test
    void reqrespProblems() {
        expect(CONST + ",{\"offset\": 8, \"length\": 3, \"type\": \"reqresp\", \"request\": \"000000\"}",
                "sig.json: signature 1 (\"W-TCP\"), field 2: a reqresp field needs both request and response");
        expect(CONST + ",{\"offset\": 8, \"length\": 3, \"type\": \"reqresp\", \"request\": \"000000\", "
                + "\"response\": \"000000\"}",
                "sig.json: signature 1 (\"W-TCP\"), field 2: request and response are both \"000000\"");
        expect(CONST + ",{\"offset\": 8, \"length\": 3, \"type\": \"sequence\", \"request\": \"000000\"}",
                "sig.json: signature 1 (\"W-TCP\"), field 2: only reqresp fields take request and response");
    }

    @Test
    void opcodeTable() {
        String fields = CONST + ",{\"offset\": 11, \"length\": 1, \"type\": \"opcode\", \"values\": [\"09\"]}";
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"0009\": 2 bytes, the opcode field is 1",
                fail(Fixtures.tcp(fields, ", \"opcodes\": {\"0009\": {\"task\": \"x\", \"kind\": \"user\"}}"))
                        .getMessage());
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"06\": period_s -1.0 must be a finite number >= 0",
                fail(Fixtures.tcp(fields, ", \"opcodes\": {\"06\": {\"task\": \"hb\", \"kind\": \"periodic\", "
                        + "\"period_s\": -1}}")).getMessage());
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"09\": period_s is only for periodic tasks",
                fail(Fixtures.tcp(fields, ", \"opcodes\": {\"09\": {\"task\": \"x\", \"kind\": \"user\", "
                        + "\"period_s\": 3}}")).getMessage());
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"09\": unknown kind \"daily\" (expected user, "
                + "periodic or triggered)",
                fail(Fixtures.tcp(fields, ", \"opcodes\": {\"09\": {\"task\": \"x\", \"kind\": \"daily\"}}"))
                        .getMessage());
        assertEquals("sig.json: signature 1 (\"W-TCP\"): opcodes are given but there is no opcode field",
                fail(Fixtures.tcp(CONST, ", \"opcodes\": {\"09\": {\"task\": \"x\", \"kind\": \"user\"}}"))
                        .getMessage());
    }

    /** Task, service and trigger texts reach terminals (signatures show, export comments): no control characters. */
    @Test
    void controlCharactersInTasksServicesAndTriggersAreRefused() {
        String op = "{\"offset\": 11, \"length\": 1, \"type\": \"opcode\", \"values\": [\"09\"]}";
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"09\": task \"a\\u001b[2Jb\" has control characters",
                fail(Fixtures.tcp(CONST + "," + op, ", \"opcodes\": {\"09\": {\"task\": \"a\\u001b[2Jb\", \"kind\": \"user\"}}"))
                        .getMessage());
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"09\": service \"s\\u009bx\" has control characters",
                fail(Fixtures.tcp(CONST + "," + op, ", \"opcodes\": {\"09\": {\"task\": \"t\", \"service\": "
                        + "\"s\\u009bx\", \"kind\": \"user\"}}")).getMessage());
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"09\": trigger \"0\\u0007\" has control characters",
                fail(Fixtures.tcp(CONST + "," + op, ", \"opcodes\": {\"09\": {\"task\": \"t\", \"kind\": "
                        + "\"triggered\", \"trigger\": \"0\\u0007\"}}")).getMessage());
    }

    @Test
    void udpOpcodesMustBeListed() {
        String text = Fixtures.tcp("{\"offset\": 1, \"length\": 1, \"type\": \"opcode\", \"values\": [\"0a\"]}",
                ", \"opcodes\": {\"0b\": {\"task\": \"x\", \"kind\": \"user\"}}").replace("\"TCP\"", "\"UDP\"");
        assertEquals("sig.json: signature 1 (\"W-TCP\"), opcode \"0b\": not among the opcode field's values (UDP "
                + "signatures only match listed opcodes)", fail(text).getMessage());
    }

    @Test
    void signatureThatMatchesEverything() {
        expect(LEN + ",{\"offset\": 12, \"length\": 4, \"type\": \"sequence\"}",
                "sig.json: signature 1 (\"W-TCP\"): no constant or reqresp field, so the signature would match any"
                        + " payload");
    }

    @Test
    void flowTypeShapes() {
        String kw = "{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": [{\"app\": \"wechat\", "
                + "\"name\": \"W-DNS\", \"flow_type\": \"DNS\", \"status\": \"reviewed\", \"scope\": 16, \"fields\": ["
                + CONST + "], \"keywords\": [{\"field\": \"http.host\", \"value\": \"Short.weixin.qq.com\", "
                + "\"coverage\": 1.5}]}]}";
        assertEquals(List.of(
                "signature 1 (\"W-DNS\"): a DNS signature takes no scope (it matches by keywords)",
                "signature 1 (\"W-DNS\"): a DNS signature takes no fields (it matches by keywords)",
                "signature 1 (\"W-DNS\"), keyword 1: http.host keywords belong to HTTP signatures, not DNS",
                "signature 1 (\"W-DNS\"), keyword 1: http.host value \"Short.weixin.qq.com\" must be lower case",
                "signature 1 (\"W-DNS\"), keyword 1: coverage 1.5 must be between 0 and 1"), fail(kw).problems());
        assertEquals("sig.json: signature 1 (\"W-DNS\"): a DNS signature takes no scope (it matches by keywords); "
                + "signature 1 (\"W-DNS\"): a DNS signature takes no fields (it matches by keywords); signature 1 "
                + "(\"W-DNS\"), keyword 1: http.host keywords belong to HTTP signatures, not DNS (and 2 more problems)",
                fail(kw).getMessage());
        assertEquals("sig.json: signature 1 (\"W-TCP\"): a TCP signature needs fields", fail(Fixtures.tcp("", ""))
                .getMessage());
    }

    @Test
    void unknownNamesAndTypes() {
        assertEquals("sig.json: signature 1 (\"W-TCP\"): unknown flow_type \"SCTP\" (expected DNS, HTTP, TLS, TCP or"
                + " UDP)", fail(Fixtures.tcpWithFields(CONST).replace("\"TCP\"", "\"SCTP\"")).getMessage());
        expect("{\"offset\": 4, \"length\": 4, \"type\": \"magic\"}", "sig.json: signature 1 (\"W-TCP\"), field 1: "
                + "unknown type \"magic\" (expected constant, sequence, reqresp, length, opcode or unidentified)");
        expect("{\"offset\": \"4\", \"length\": 4, \"type\": \"constant\", \"values\": [\"00100001\"]}",
                "sig.json: signature 1 (\"W-TCP\"), field 1: \"offset\" must be an integer, got string \"4\"");
        expect("{\"offset\": 4, \"length\": 99999999999, \"type\": \"constant\", \"values\": [\"00100001\"]}",
                "sig.json: signature 1 (\"W-TCP\"), field 1: \"length\" 99999999999 is out of range");
        expect("{\"offset\": 4, \"length\": 4, \"type\": \"constant\", \"values\": \"00100001\"}",
                "sig.json: signature 1 (\"W-TCP\"), field 1: \"values\" must be an array, got string \"00100001\"");
        assertEquals("sig.json: signature 1 (\"W-TCP\"), keyword 1: unknown field \"http.cookie\" (expected "
                + "dns.qname, http.host, http.referer, http.user_agent, http.method, http.url, tls.sni or text.line)",
                fail(Fixtures.tcp(CONST, ", \"keywords\": [{\"field\": \"http.cookie\", \"value\": \"x\", "
                        + "\"coverage\": 1}]")).getMessage());
    }

    @Test
    void duplicateSignatures() {
        String one = "{\"app\": \"wechat\", \"name\": \"W-DNS\", \"flow_type\": \"DNS\", \"status\": \"reviewed\", "
                + "\"keywords\": [{\"field\": \"dns.qname\", \"value\": \"weixin\", \"coverage\": 1}]}";
        String text = "{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": [" + one + ","
                + one + "]}";
        assertEquals("sig.json: signature 2 (\"W-DNS\"): duplicates signature 1 (wechat/W-DNS)",
                fail(text).getMessage());
    }
}
