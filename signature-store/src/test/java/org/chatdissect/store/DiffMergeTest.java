package org.chatdissect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.diff.SignatureDiff;
import org.chatdissect.store.diff.SignatureMerge;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.match.KeywordSignatures;
import org.junit.jupiter.api.Test;

class DiffMergeTest {
    private static SignatureSet changed() {
        SignatureSet a = Fixtures.wechat();
        List<Signature> sigs = new ArrayList<>(a.signatures());
        Signature tcp = sigs.get(0);
        Map<String, OpcodeInfo> ops = new TreeMap<>(tcp.opcodes());
        ops.put("09", OpcodeInfo.user("send photo", "instant messaging"));
        ops.put("0a", OpcodeInfo.user("send voice", "instant messaging"));
        sigs.set(0, tcp.withOpcodes(ops));
        sigs.remove(5); // W-TLS
        sigs.set(1, sigs.get(1).withStatus(Status.UNREVIEWED));
        return SignatureSet.of(sigs);
    }

    @Test
    void diffOfASetWithItselfIsEmpty() {
        assertEquals(List.of(), SignatureDiff.diff(Fixtures.wechat(), Fixtures.wechat()));
    }

    @Test
    void diffListsChangesInStableOrder() {
        assertEquals(List.of(
                "~ wechat/W-TCP: opcode 09 \"send picture\" (user, instant messaging) -> \"send photo\" (user, instant"
                        + " messaging)",
                "+ wechat/W-TCP: opcode 0a \"send voice\" (user, instant messaging)",
                "- wechat/W-TLS: signature (TLS, reviewed)",
                "~ wechat/W-UDP-chat: status reviewed -> unreviewed"), SignatureDiff.diff(Fixtures.wechat(),
                        changed()));
    }

    @Test
    void mergeReportsConflictsAndFirstWins() {
        SignatureMerge.Result r = SignatureMerge.merge(Fixtures.wechat(), changed(), "a.json", "b.json");
        assertEquals(List.of("conflict: wechat/W-TCP: opcode 09 is \"send picture\" (user, instant messaging) in a.json"
                + " and \"send photo\" (user, instant messaging) in b.json; keeping a.json's"), r.conflicts());
        Signature tcp = r.merged().find("wechat/W-TCP").orElseThrow();
        assertEquals("send picture", tcp.opcodes().get("09").task());
        assertEquals("send voice", tcp.opcodes().get("0a").task());
        assertEquals(6, r.merged().signatures().size());
        assertEquals(Status.REVIEWED, r.merged().find("wechat/W-UDP-chat").orElseThrow().status());
    }

    @Test
    void mergeWithDifferentFieldsKeepsTheFirstSignature() {
        SignatureSet a = Fixtures.wechat();
        Signature tcp = a.signatures().get(0);
        List<FieldSpec> fields = new ArrayList<>(tcp.fields());
        fields.set(1, FieldSpec.constant(4, 4, "00100002"));
        Signature other = new Signature(tcp.app(), tcp.name(), tcp.flowType(), tcp.scope(), tcp.status(), fields,
                tcp.opcodes(), tcp.keywords(), tcp.servers(), tcp.provenance());
        SignatureMerge.Result r = SignatureMerge.merge(a, SignatureSet.of(List.of(other)), "a.json", "b.json");
        assertEquals(List.of("conflict: wechat/W-TCP: fields differ between a.json and b.json; keeping a.json's"
                + " signature"), r.conflicts());
        assertEquals(a, r.merged());
        assertEquals(List.of(), SignatureMerge.merge(a, a, "a", "a").conflicts());
    }

    @Test
    void referenceMatchingRules() {
        SignatureSet set = Fixtures.wechat();
        Signature tcp = set.find("wechat/W-TCP").orElseThrow();
        byte[] p = new byte[16];
        p[4] = 0x00;
        p[5] = 0x10;
        p[7] = 0x01;
        p[11] = (byte) 0x8b; // unknown opcode: TCP still matches
        assertEquals(true, HeaderSignatures.matches(tcp, p));
        assertEquals(false, HeaderSignatures.matches(tcp, p, 0, 15));
        p[8] = 0x3b; // neither request nor response
        assertEquals(false, HeaderSignatures.matches(tcp, p));
        Signature udp = set.find("wechat/W-UDP-chat").orElseThrow();
        byte[] u = new byte[5];
        u[1] = 0x0a;
        u[4] = (byte) 0xd5;
        assertEquals(true, HeaderSignatures.matches(udp, u));
        assertEquals("voip", HeaderSignatures.task(udp, u, 0, 5).orElseThrow().task());
        u[1] = 0x0c; // unknown opcode: UDP does not match
        assertEquals(false, HeaderSignatures.matches(udp, u));
        Signature http = set.find("wechat/W-HTTP").orElseThrow();
        assertEquals(true, KeywordSignatures.matches(http, FlowType.HTTP, Map.of(KeywordField.HTTP_HOST,
                "HKSHORT.weixin.qq.com")));
        assertEquals(false, KeywordSignatures.matches(http, FlowType.HTTP, Map.of(KeywordField.HTTP_URL,
                "/cgi-bin/micromsg-bin/uploadmsgimg")));
        assertEquals("send picture", KeywordSignatures.task(http, FlowType.HTTP, Map.of(KeywordField.HTTP_USER_AGENT,
                "MicroMessenger", KeywordField.HTTP_URL, "/cgi-bin/micromsg-bin/uploadmsgimg?x=1")).orElseThrow());
        Signature dns = set.find("wechat/W-DNS").orElseThrow();
        assertEquals(true, KeywordSignatures.matches(dns, FlowType.DNS, Map.of(KeywordField.DNS_QNAME,
                "long.weixin.qq.com.")));
    }

    private static SignatureSet media(long max, int adjust) {
        return SignatureSet.of(List.of(new Signature("meeting", "MEDIA", FlowType.TCP, 16, Status.REVIEWED, List.of(
                FieldSpec.length(0, 8, org.chatdissect.model.Endian.LITTLE, adjust, max)), null, null, null, null)));
    }

    @Test
    void lengthRelationTakesPartInDiffAndMerge() {
        assertEquals(List.of("~ meeting/MEDIA: field 0+8 length little-endian adjust 8 max 1048576 -> 0+8 length"
                + " little-endian adjust 8 max 4194304"), SignatureDiff.diff(media(1 << 20, 8), media(1 << 22, 8)));
        // max only: the larger one, whichever set has it, and no conflict
        for (SignatureSet[] ab : new SignatureSet[][] {{media(1 << 20, 8), media(1 << 22, 8)},
                {media(1 << 22, 8), media(1 << 20, 8)}}) {
            SignatureMerge.Result r = SignatureMerge.merge(ab[0], ab[1], "a.json", "b.json");
            assertEquals(List.of(), r.conflicts());
            assertEquals(1L << 22, r.merged().signatures().get(0).fields().get(0).max());
        }
        // another adjust is another framing: a conflict, the first set's signature is kept
        SignatureMerge.Result r = SignatureMerge.merge(media(1 << 20, 8), media(1 << 22, 0), "a.json", "b.json");
        assertEquals(List.of("conflict: meeting/MEDIA: fields differ between a.json and b.json; keeping a.json's"
                + " signature"), r.conflicts());
        assertEquals(media(1 << 20, 8), r.merged());
    }
}
