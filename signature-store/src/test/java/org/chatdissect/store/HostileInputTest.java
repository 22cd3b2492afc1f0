package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatdissect.store.json.SignatureJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile files end in one line naming the file, never in a partial set or a stack overflow. */
class HostileInputTest {
    @TempDir
    Path dir;

    private SignatureFileException fail(String text) {
        SignatureFileException e = assertThrows(SignatureFileException.class, () -> SignatureJson.parse(text,
                "sig.json"));
        assertOneLine(e);
        return e;
    }

    private static void assertOneLine(SignatureFileException e) {
        assertTrue(e.getMessage().startsWith("sig.json: ") || e.getMessage().contains("sig.json: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "message of " + e.getMessage().length() + " chars");
    }

    @Test
    void deepNesting() {
        String deep = "[".repeat(10000) + "]".repeat(10000);
        SignatureFileException e = fail(Fixtures.tcp("", ", \"x\": " + deep));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        assertTrue(e.getMessage().startsWith("sig.json: line 2, column "), e.getMessage());
    }

    @Test
    void hugeNumbers() {
        SignatureFileException e = fail(Fixtures.wechatText().replace("\"coverage\": 0.42", "\"coverage\": 1e400"));
        assertEquals("sig.json: signature 4 (\"W-HTTP\"), keyword 1: \"coverage\" 1e400 is out of range"
                .replace("1e400", e.getMessage().replaceAll(".*\"coverage\" (\\S+) is out of range.*", "$1")),
                e.getMessage());
        e = fail(Fixtures.wechatText().replace("\"scope\": 16", "\"scope\": " + "9".repeat(5000)));
        assertTrue(e.getMessage().contains("Number value length"), e.getMessage());
    }

    @Test
    void hugeString() throws IOException {
        Path p = dir.resolve("sig.json");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": [{\"app\": \""
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"}]}".getBytes(StandardCharsets.US_ASCII));
        }
        SignatureFileException e = assertThrows(SignatureFileException.class, () -> SignatureJson.read(p));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("String value length"), e.getMessage());
        assertTrue(e.getMessage().length() < 600, e.getMessage());
    }

    @Test
    void wrongTypes() {
        assertEquals("sig.json: expected a JSON object, got an array", fail("[1, 2]").getMessage());
        assertEquals("sig.json: version \"1\" is not a positive integer",
                fail("{\"format\": \"chatdissect-signatures\", \"version\": \"1\", \"signatures\": []}").getMessage());
        assertEquals("sig.json: \"signatures\" must be an object... ".isEmpty() ? "" :
                "sig.json: \"signatures\" must be an array, got an object",
                fail("{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": {}}").getMessage());
        assertEquals("sig.json: signature 1: expected an object, got number 5",
                fail("{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": [5]}").getMessage());
    }

    @Test
    void duplicateKeys() {
        SignatureFileException e = fail(Fixtures.wechatText().replace("\"scope\": 16,", "\"scope\": 16, \"scope\": 8,"));
        assertTrue(e.getMessage().contains("Duplicate field 'scope'"), e.getMessage());
        assertTrue(e.getMessage().contains("/signatures/0"), e.getMessage());
    }

    @Test
    void truncatedFile() {
        String text = Fixtures.wechatText();
        for (int cut : new int[] {1, 10, text.length() / 2, text.length() - 3}) {
            SignatureFileException e = fail(text.substring(0, cut));
            assertTrue(e.getMessage().contains("end-of-input") || e.getMessage().contains("Unexpected"),
                    e.getMessage());
        }
        assertEquals("sig.json: empty file, expected a JSON object", fail("").getMessage());
    }

    @Test
    void trailingGarbage() {
        SignatureFileException e = fail(Fixtures.wechatText() + "{}");
        assertTrue(e.getMessage().contains("Trailing token"), e.getMessage());
    }

    @Test
    void oneBadSignatureRefusesTheWholeSet() {
        String text = Fixtures.wechatText().replace("\"short.weixin.qq.com\"", "\"\"");
        SignatureFileException e = fail(text);
        assertEquals("sig.json: signature 4 (\"W-HTTP\"), keyword 1: value must be 1..255 characters",
                e.getMessage());
    }
}
