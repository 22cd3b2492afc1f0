package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.json.SignatureJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureJsonTest {
    @TempDir
    Path dir;

    @Test
    void writeReadWriteIsByteIdentical() throws Exception {
        SignatureSet set = Fixtures.wechat();
        String first = SignatureJson.toJson(set);
        SignatureSet again = SignatureJson.parse(first, "first.json");
        assertEquals(set, again);
        assertEquals(first, SignatureJson.toJson(again));
        Path p = dir.resolve("sig.json");
        SignatureJson.write(again, p);
        assertEquals(first, Files.readString(p));
        assertTrue(first.endsWith("}\n"));
        assertTrue(!first.contains("\r"));
    }

    @Test
    void canonicalLayout() {
        String text = SignatureJson.toJson(Fixtures.wechat());
        // fixed key order, opcodes sorted by hex, two-space indentation, string arrays on one line
        assertTrue(text.startsWith("{\n  \"format\": \"chatdissect-signatures\",\n  \"version\": 1,\n"), text);
        assertTrue(text.indexOf("\"06\": {") < text.indexOf("\"09\": {"));
        assertTrue(text.indexOf("\"09\": {") < text.indexOf("\"8a\": {"));
        assertTrue(text.contains("\"values\": [\"09\", \"06\"]"));
        assertTrue(text.contains("\"keywords\": [],"));
        assertTrue(text.contains("\"ve.min_votes\": \"6\",\n"));
    }

    @Test
    void unknownKeysAreIgnored() {
        SignatureSet set = Fixtures.wechat();
        assertEquals(6, set.signatures().size());
        Signature tcp = set.find("wechat/W-TCP").orElseThrow();
        assertEquals(3, tcp.opcodes().size());
        assertEquals(List.of("06", "09", "8a"), List.copyOf(tcp.opcodes().keySet()));
        assertTrue(!SignatureJson.toJson(set).contains("a_future_key"));
    }

    @Test
    void newerVersionIsRefused() {
        String text = Fixtures.wechatText().replace("\"version\": 1", "\"version\": 4");
        SignatureFileException e = assertThrows(SignatureFileException.class, () -> SignatureJson.parse(text,
                "sig.json"));
        assertEquals("sig.json: format version 4 is newer than this chatdissect (reads 3)", e.getMessage());
    }

    @Test
    void missingOrOtherFormatIsRefused() {
        SignatureFileException e = assertThrows(SignatureFileException.class,
                () -> SignatureJson.parse("{\"version\": 1, \"signatures\": []}", "sig.json"));
        assertEquals("sig.json: \"format\" is missing: not a chatdissect signature file", e.getMessage());
        e = assertThrows(SignatureFileException.class,
                () -> SignatureJson.parse("{\"format\": \"pcap\", \"version\": 1, \"signatures\": []}", "sig.json"));
        assertEquals("sig.json: format \"pcap\" is not \"chatdissect-signatures\"", e.getMessage());
    }

    @Test
    void emptySetIsValid() throws Exception {
        SignatureSet s = SignatureJson.parse(
                "{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": []}", "e.json");
        assertEquals(0, s.signatures().size());
        assertEquals("{\n  \"format\": \"chatdissect-signatures\",\n  \"version\": 1,\n  \"signatures\": []\n}\n",
                SignatureJson.toJson(s));
    }

    @Test
    void missingFileIsOneLine() {
        SignatureFileException e = assertThrows(SignatureFileException.class,
                () -> SignatureJson.read(dir.resolve("nope.json")));
        assertEquals(dir.resolve("nope.json") + ": no such file", e.getMessage());
    }

    @Test
    void writerRefusesInvalidSets() {
        Signature tcp = Fixtures.wechat().signatures().get(0);
        Signature bad = new Signature("WeChat", tcp.name(), tcp.flowType(), tcp.scope(), tcp.status(), tcp.fields(),
                tcp.opcodes(), tcp.keywords(), tcp.servers(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignatureJson.toJson(SignatureSet.of(List.of(bad))));
        assertTrue(e.getMessage().contains("app \"WeChat\""), e.getMessage());
    }
}
