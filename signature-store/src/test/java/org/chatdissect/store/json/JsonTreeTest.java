package org.chatdissect.store.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chatdissect.store.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTree} against the library it replaces on the signature-reading path, {@code ObjectMapper.readTree} with
 * {@code FAIL_ON_TRAILING_TOKENS} on the same factory: the same tree (node classes and key order included) or the
 * same error as {@link SignatureJson} reports it, on fixed, random and randomly damaged documents.
 */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper(SignatureJson.FACTORY.copy())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private interface Reader {
        JsonNode read(JsonParser p) throws IOException;
    }

    private static String outcome(String doc, JsonParser p, Reader r) {
        try (p) {
            try {
                JsonNode n = r.read(p);
                return n == null ? "null" : shape(n);
            } catch (JsonProcessingException e) {
                return "error " + e.getClass().getName() + ": " + SignatureJson.describe(e, p);
            }
        } catch (IOException e) {
            return "io " + e;
        }
    }

    /** The tree with each node's class, keys in order. */
    private static String shape(JsonNode n) {
        StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
        if (n.isObject()) {
            b.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(e.getKey()).append('=').append(shape(e.getValue())).append(',');
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (JsonNode c : n) {
                b.append(shape(c)).append(',');
            }
            b.append(']');
        } else {
            b.append('(').append(n.toString()).append(')');
        }
        return b.toString();
    }

    private static void same(String doc) throws IOException {
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        String expected = outcome(doc, SignatureJson.FACTORY.createParser(new ByteArrayInputStream(bytes)), MAPPER::readTree);
        String actual = outcome(doc, SignatureJson.FACTORY.createParser(new ByteArrayInputStream(bytes)), JsonTree::read);
        assertEquals(expected, actual, doc.length() > 300 ? doc.substring(0, 300) + "..." : doc);
    }

    @Test
    void fixedDocuments() throws IOException {
        List<String> docs = new ArrayList<>(List.of("", "   \n", "null", "true", "false", "1", "-5", "0", "-0",
                "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                "123456789012345678901234567890", "1.5", "-0.0", "1e400", "-1e400", "1E-400", "0.1e1", "3.0",
                "\"s\"", "\"\\u0000\\n\\\"\"", "\"h\u00e9\u4e2d\ud83d\ude00\"", "[]", "{}", "[[],{}]",
                "{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":1} {}", "{\"a\":1} 2", "[1] ]", "[1,2", "{\"a\":", "[1,]",
                "{\"a\" 1}", "\"unterminated", "{\"a\":1,}", "[01]", "[NaN]", "[+1]", "{'a':1}", "[1 2]", "{\"a\":[1,{\"b\":null}],\"c\":true}",
                "{\"x\": " + "[".repeat(63) + "]".repeat(63) + "}", "[".repeat(64) + "]".repeat(64),
                "[".repeat(65) + "]".repeat(65), "[" + "9".repeat(70) + "]", "\ufeff{}", "{\"\":0}",
                Fixtures.wechatText(), Fixtures.tcp("", ", \"x\": [1, 2.5, null]"), Fixtures.wechatText() + "\n\n",
                Fixtures.wechatText() + "}"));
        for (String d : docs) {
            same(d);
        }
    }

    @Test
    void randomAndDamagedDocuments() throws IOException {
        Random r = new Random(20261121L);
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            value(r, b, 0);
            String doc = b.toString();
            same(doc);
            // damage: cut, insert or replace a character
            int at = r.nextInt(doc.length() + 1);
            String junk = String.valueOf("{}[],:\"x1 -.e\\".charAt(r.nextInt(14)));
            switch (r.nextInt(3)) {
                case 0 -> same(doc.substring(0, at));
                case 1 -> same(doc.substring(0, at) + junk + doc.substring(at));
                default -> same(doc.substring(0, at) + junk + (at < doc.length() ? doc.substring(at + 1) : ""));
            }
        }
        String w = Fixtures.wechatText();
        for (int i = 0; i < 500; i++) {
            int at = r.nextInt(w.length());
            same(w.substring(0, at));
            same(w.substring(0, at) + "\"" + w.substring(at));
        }
    }

    private static void value(Random r, StringBuilder b, int depth) {
        int k = r.nextInt(depth > 6 ? 6 : 9);
        switch (k) {
            case 0 -> b.append(r.nextInt());
            case 1 -> b.append(r.nextLong());
            case 2 -> b.append(r.nextBoolean() ? "true" : r.nextBoolean() ? "false" : "null");
            case 3 -> b.append(r.nextInt(3) == 0 ? Double.toString(r.nextGaussian() * 1e10) : r.nextInt(1000) + ".5e" + (r.nextInt(700) - 350));
            case 4 -> b.append(new java.math.BigInteger(100, r));
            case 5 -> b.append('"').append(string(r)).append('"');
            case 6, 7 -> {
                b.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    value(r, b, depth + 1);
                }
                b.append(']');
            }
            default -> {
                b.append('{');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(",\n ");
                    }
                    b.append('"').append(r.nextInt(3) == 0 ? "k" + r.nextInt(3) : string(r)).append("\": ");
                    value(r, b, depth + 1);
                }
                b.append('}');
            }
        }
    }

    private static String string(Random r) {
        String[] parts = {"a", "B", "\\n", "\\\"", "\\u00e9", "\u4e2d", " ", "\\\\", "/"};
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            s.append(parts[r.nextInt(parts.length)]);
        }
        return s.toString();
    }
}
