package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.chatdissect.model.Association;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.match.TextSignatures;
import org.junit.jupiter.api.Test;

/** Text and endpoint signatures and associations: format version 2. */
class Version2FormsTest {
    static final String TEXT = "{\"app\": \"meeting\", \"name\": \"M-TEXT\", \"flow_type\": \"TCP\", \"scope\": 32, "
            + "\"status\": \"reviewed\", \"keywords\": ["
            + "{\"field\": \"text.line\", \"value\": \"create room\", \"coverage\": 0.4, \"task\": \"host_meeting\"},"
            + "{\"field\": \"text.line\", \"value\": \"audio send\", \"coverage\": 0.2}]}";
    static final String ENDPOINT = "{\"app\": \"skype\", \"name\": \"S-HC\", \"flow_type\": \"UDP\", "
            + "\"status\": \"reviewed\", \"servers\": [{\"ip\": \"66.235.180.9\", \"port\": 33033}], "
            + "\"associate\": [\"client_port\", \"server_endpoint\"]}";

    static String file(int version, String... sigs) {
        return "{\"format\": \"chatdissect-signatures\", \"version\": " + version + ", \"signatures\": ["
                + String.join(",", sigs) + "]}";
    }

    @Test
    void textAndEndpointSignaturesRoundTripAsVersion2() throws Exception {
        SignatureSet set = SignatureJson.parse(file(2, TEXT, ENDPOINT), "sig.json");
        Signature text = set.signatures().get(0);
        Signature ep = set.signatures().get(1);
        assertEquals(SignatureForm.TEXT, text.form());
        assertEquals(SignatureForm.ENDPOINT, ep.form());
        assertEquals(List.of(Association.CLIENT_PORT, Association.SERVER_ENDPOINT), ep.associations());
        assertEquals(0, ep.scope());
        String out = SignatureJson.toJson(set);
        assertTrue(out.contains("\"version\": 2"), out);
        assertFalse(out.contains("\"fields\""), out);
        assertTrue(out.contains("\"associate\": [\"client_port\", \"server_endpoint\"]"), out);
        assertEquals(out, SignatureJson.toJson(SignatureJson.parse(out, "again.json")));
        // the writer picks the oldest version that holds the set
        assertEquals(2, SignatureSet.of(set.signatures()).version());
        assertEquals(1, SignatureSet.of(List.of(ep.withAssociations(List.of()).withServers(List.of()))).version());
    }

    @Test
    void version1FilesCannotHoldVersion2Forms() {
        SignatureFileException e = assertThrows(SignatureFileException.class,
                () -> SignatureJson.parse(file(1, TEXT), "sig.json"));
        assertEquals("sig.json: signature 1 (\"M-TEXT\"): text signatures need format version 2, the set is version 1",
                e.getMessage());
        e = assertThrows(SignatureFileException.class, () -> SignatureJson.parse(file(1, ENDPOINT), "sig.json"));
        assertEquals("sig.json: signature 1 (\"S-HC\"): associate need format version 2, the set is version 1",
                e.getMessage());
    }

    @Test
    void badVersion2Signatures() {
        SignatureFileException e = assertThrows(SignatureFileException.class, () -> SignatureJson.parse(file(2,
                TEXT.replace("\"TCP\"", "\"UDP\"").replace("create room", "create\\u0007room")), "sig.json"));
        assertEquals(List.of("signature 1 (\"M-TEXT\"): text signatures are TCP signatures",
                "signature 1 (\"M-TEXT\"), keyword 1: value \"create\\u0007room\" has control characters"),
                e.problems());
        e = assertThrows(SignatureFileException.class, () -> SignatureJson.parse(file(2,
                TEXT.replace("\"scope\": 32", "\"scope\": 12")), "sig.json"));
        assertEquals("sig.json: signature 1 (\"M-TEXT\"), keyword 1: text.line value of 11 characters and its CR LF"
                + " do not fit in scope 12", e.getMessage());
        e = assertThrows(SignatureFileException.class, () -> SignatureJson.parse(file(2,
                ENDPOINT.replace("\"client_port\"", "\"nat\"")), "sig.json"));
        assertEquals("sig.json: signature 1 (\"S-HC\"), associate 1: unknown association \"nat\" (expected client_port"
                + " or server_endpoint)", e.getMessage());
        e = assertThrows(SignatureFileException.class, () -> SignatureJson.parse(file(2,
                ENDPOINT.replace("\"server_endpoint\"", "\"client_port\"")), "sig.json"));
        assertEquals("sig.json: signature 1 (\"S-HC\"): an association is listed twice", e.getMessage());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void textLineSemantics() throws Exception {
        Signature text = SignatureJson.parse(file(2, TEXT), "sig.json").signatures().get(0);
        byte[] create = ascii("create room\r\n\r\n1");
        assertTrue(TextSignatures.matches(text, create, 0, create.length));
        assertEquals(Optional.of("host_meeting"), TextSignatures.task(text, create, 0, create.length));
        byte[] args = ascii("audio send 7\r\n");
        assertTrue(TextSignatures.matches(text, args, 0, args.length));
        assertEquals(Optional.empty(), TextSignatures.task(text, args, 0, args.length));
        for (String no : List.of("create rooms\r\n", "create room", "create room\n", "Create room\r\n",
                "create room\u0001\r\n", "xcreate room\r\n")) {
            byte[] b = ascii(no);
            assertFalse(TextSignatures.matches(text, b, 0, b.length), no);
        }
        // the CR LF must end within the scope (32 bytes)
        byte[] longLine = ascii("create room " + "x".repeat(19) + "\r\n");
        assertEquals(33, longLine.length);
        assertFalse(TextSignatures.matches(text, longLine, 0, longLine.length));
        assertTrue(TextSignatures.matches(text, longLine, 0, 0) == false);
        byte[] framed = ascii("??create room\r\n");
        assertTrue(TextSignatures.matches(text, framed, 2, framed.length - 2));
        assertThrows(IllegalArgumentException.class, () -> TextSignatures.matches(
                SignatureJson.parse(file(2, ENDPOINT), "x").signatures().get(0), create, 0, create.length));
    }
}
