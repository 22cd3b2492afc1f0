package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.validate.SignatureValidator;
import org.junit.jupiter.api.Test;

/** A keyword's task carries its service (Table IV's rows), through the file format and the validator. */
class KeywordServiceTest {
    static SignatureSet http(Keyword... kws) {
        return SignatureSet.of(List.of(new Signature("wechat", "HTTP", FlowType.HTTP, 0, Status.REVIEWED, List.of(),
                null, List.of(kws), List.of(), null)));
    }

    @Test
    void theServiceRoundTripsAndOlderFilesHaveNone() throws Exception {
        SignatureSet set = http(new Keyword(KeywordField.HTTP_HOST, "mmsns.qpic.cn", 1.0, "get_photos",
                "social networking"), new Keyword(KeywordField.HTTP_URL, "/cgi-bin/mm", 0.5, "media_access"));
        assertEquals(List.of(), SignatureValidator.problems(set));
        String json = SignatureJson.toJson(set);
        assertTrue(json.contains("\"service\": \"social networking\""), json);
        assertEquals(set, SignatureJson.parse(json, "sig.json"));
        assertEquals(1, set.version(), "an optional key older readers ignore: no new version");
    }

    @Test
    void aServiceNeedsATaskAndPrintableText() {
        assertEquals(List.of("signature 1 (\"HTTP\"), keyword 1: service without a task"), SignatureValidator.problems(
                http(new Keyword(KeywordField.HTTP_HOST, "wx.qlogo.cn", 1.0, null, "social networking"))));
        assertEquals(List.of("signature 1 (\"HTTP\"), keyword 1: service \"a\\u001b[2Jb\" has control characters"),
                SignatureValidator.problems(http(new Keyword(KeywordField.HTTP_HOST, "wx.qlogo.cn", 1.0, "get",
                        "a\u001b[2Jb"))));
    }
}
