package org.chatdissect.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.json.SignatureJson;

/** Test data: the paper's WeChat signatures (src/test/resources/wechat.json) and builders of small files. */
public final class Fixtures {
    private Fixtures() {}

    public static String wechatText() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wechat.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SignatureSet wechat() {
        try {
            return SignatureJson.parse(wechatText(), "wechat.json");
        } catch (SignatureFileException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A file holding one W-TCP-like signature whose field list is {@code fields} (JSON array items). */
    public static String tcpWithFields(String fields) {
        return tcp(fields, "");
    }

    public static String tcp(String fields, String extra) {
        return "{\"format\": \"chatdissect-signatures\", \"version\": 1, \"signatures\": [\n"
                + "{\"app\": \"wechat\", \"name\": \"W-TCP\", \"flow_type\": \"TCP\", \"scope\": 16, "
                + "\"status\": \"reviewed\", \"fields\": [" + fields + "]" + extra + "}]}\n";
    }
}
