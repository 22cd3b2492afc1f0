package org.chatdissect.match.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.chatdissect.match.classify.TaskRecord;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.model.TaskKind;
import org.junit.jupiter.api.Test;

/** The rules of a round on small hand-made inputs: endpoints, format identity, what counts as new. */
class FeedbackCandidateSetTest {
    private static Signature udp(String name, String constant, String... ops) {
        TreeMap<String, OpcodeInfo> table = new TreeMap<>();
        for (String o : ops) {
            table.put(o, OpcodeInfo.user("task " + o, null));
        }
        return new Signature("wechat", name, FlowType.UDP, 16, Status.REVIEWED,
                List.of(FieldSpec.opcode(1, 1, ops), FieldSpec.constant(4, 1, constant)), table, List.of(), List.of(), null);
    }

    private static Signature keywords(String app, KeywordField f, String... values) {
        return new Signature(app, f.flowType().name(), f.flowType(), 0, Status.REVIEWED, List.of(), null,
                java.util.Arrays.stream(values).map(v -> new Keyword(f, v, 1.0, null)).toList(), List.of(), null);
    }

    private static ClassifiedFlow flow(String app, String proto, String server, int port, String type, int frame) {
        boolean known = !app.equals("unknown");
        return new ClassifiedFlow(new FlowRef(0, frame, proto, "10.0.0.1", 40000 + frame, server, port),
                known ? app : null, type.equals("DNS"), known ? app + "/X" : null, List.of());
    }

    @Test
    void endpointsSkipDnsAndSharedServers() {
        List<ClassifiedFlow> flows = List.of(
                flow("wechat", "tcp", "183.3.0.4", 8080, "TCP", 1),
                flow("unknown", "tcp", "183.3.0.4", 8080, "TCP", 2),      // fed back
                flow("unknown", "udp", "183.3.0.4", 8080, "UDP", 3),      // other transport: not the endpoint
                flow("wechat", "udp", "8.8.8.8", 53, "DNS", 4),
                flow("unknown", "udp", "8.8.8.8", 53, "DNS", 5),          // resolver: never
                flow("wechat", "tcp", "1.2.3.4", 443, "TLS", 6),
                flow("qq", "tcp", "1.2.3.4", 443, "TLS", 7),
                flow("unknown", "tcp", "1.2.3.4", 443, "TLS", 8));        // shared by two apps: nobody's
        ServerEndpoints e = ServerEndpoints.of(flows);
        assertEquals(1, e.size());
        Map<String, Set<FlowRef>> sel = e.unclassifiedFlows(flows);
        assertEquals(Set.of("wechat"), sel.keySet());
        assertEquals(Set.of(new FlowRef(0, 2, "tcp", "10.0.0.1", 40002, "183.3.0.4", 8080)), sel.get("wechat"));
    }

    @Test
    void knownFormatGainsOnlyItsNewOpcodes() {
        CandidateSet c = new CandidateSet(SignatureSet.of(List.of(udp("UDP", "6b", "10", "11"))), 1);
        c.absorb(SignatureSet.of(List.of(udp("UDP", "6b", "11", "3c"))));
        Signature s = c.get("wechat/UDP");
        assertEquals(Status.UNREVIEWED, s.status());
        assertEquals(List.of("10", "11", "3c"), s.opcodeField().orElseThrow().values());
        assertEquals("task 11", s.opcodes().get("11").task(), "known meaning kept");
        assertEquals(1, c.additions().size());
        assertEquals("+ opcode wechat/UDP 3c: task 3c (user)", c.additions().get(0).line());
    }

    @Test
    void lengthPrefixedStreamsAreTheSameFormatByTheirFraming() {
        Signature known = new Signature("meeting", "MEDIA", FlowType.TCP, 16, Status.REVIEWED, List.of(FieldSpec.length(0,
                8, org.chatdissect.model.Endian.LITTLE, 8, 1 << 20)), null, List.of(), List.of(), null);
        Signature larger = new Signature("meeting", "MEDIA", FlowType.TCP, 16, Status.REVIEWED, List.of(FieldSpec.length(
                0, 8, org.chatdissect.model.Endian.LITTLE, 8, 1 << 22)), null, List.of(), List.of(), null);
        assertTrue(FormatMatch.sameFormat(known, larger), "max may differ");
        Signature wholeMessage = new Signature("meeting", "MEDIA", FlowType.TCP, 16, Status.REVIEWED, List.of(
                FieldSpec.length(0, 8, org.chatdissect.model.Endian.LITTLE, 0, 1 << 20)), null, List.of(), List.of(),
                null);
        assertFalse(FormatMatch.sameFormat(known, wholeMessage), "another adjust is another framing");
        Signature bigEndian = new Signature("meeting", "MEDIA", FlowType.TCP, 16, Status.REVIEWED, List.of(
                FieldSpec.length(0, 8, null, 8, 1 << 20)), null, List.of(), List.of(), null);
        assertFalse(FormatMatch.sameFormat(known, bigEndian));
        CandidateSet c = new CandidateSet(SignatureSet.of(List.of(known)), 1);
        c.absorb(SignatureSet.of(List.of(larger)));
        assertEquals(1, c.toSet().signatures().size());
        assertEquals(List.of(), c.additions());
    }

    @Test
    void otherFormatIsANewSignatureWithAFreeName() {
        CandidateSet c = new CandidateSet(SignatureSet.of(List.of(udp("UDP", "6b", "10"))), 2);
        c.absorb(SignatureSet.of(List.of(udp("UDP", "d5", "0a"))));
        assertEquals(2, c.toSet().signatures().size());
        Signature s = c.get("wechat/UDP-feedback");
        assertEquals(Status.UNREVIEWED, s.status());
        assertEquals(Status.REVIEWED, c.get("wechat/UDP").status(), "untouched signature stays reviewed");
        assertEquals(Addition.Kind.SIGNATURE, c.additions().get(0).kind());
        assertEquals(2, c.additions().get(0).round());
    }

    @Test
    void keywordsAreNewOnlyWhenNotCoveredAndNotAnotherAppsOwn() {
        CandidateSet c = new CandidateSet(SignatureSet.of(List.of(
                keywords("wechat", KeywordField.HTTP_HOST, "weixin.qq.com"),
                keywords("qq", KeywordField.HTTP_HOST, "qzone.qq.com"))), 1);
        c.absorb(SignatureSet.of(List.of(keywords("wechat", KeywordField.HTTP_HOST,
                "short.weixin.qq.com", "qpic.cn", "user.qzone.qq.com"))));
        List<String> added = c.additions().stream().map(Addition::what).toList();
        assertEquals(List.of("http.host qpic.cn"), added);
        Signature s = c.get("wechat/HTTP");
        assertEquals(Status.UNREVIEWED, s.status());
        assertTrue(s.keywords().stream().anyMatch(k -> k.value().equals("qpic.cn")));
        assertFalse(c.get("qq/HTTP").status() == Status.UNREVIEWED);
    }

    @Test
    void opcodeNamesFromTasks() {
        // 5c every 60 s in one flow: periodic; 7e only pushed by the server; 33 at random: unknown
        List<TaskRecord> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(task("5c", 1000 + 60.0 * i, "user"));
        }
        tasks.add(task("7e", 1010, "push"));
        tasks.add(task("7e", 1400, "push"));
        tasks.add(task("33", 1003, null));
        tasks.add(task("33", 1101, null));
        tasks.add(task("33", 1290, null));
        tasks.sort(java.util.Comparator.comparingLong(TaskRecord::startNanos));
        ClassifiedFlow f = new ClassifiedFlow(new FlowRef(0, 1, "tcp", "10.0.0.1", 40001, "183.3.0.4", 8080), "wechat",
                false, "wechat/TCP", tasks);
        Map<String, OpcodeInfo> n = new OpcodeNaming(org.chatdissect.core.params.Parameters.defaults())
                .name(List.of(f), Map.of(), List.of("33", "5c", "7e"));
        assertEquals(TaskKind.PERIODIC, n.get("5c").kind());
        assertEquals("periodic 5c", n.get("5c").task());
        assertEquals("push 7e", n.get("7e").task());
        assertEquals(new OpcodeInfo("unknown 33", null, TaskKind.USER, null, null), n.get("33"));
    }

    private static TaskRecord task(String op, double t, String kind) {
        long ns = Math.round(t * 1e9);
        return new TaskRecord(1, ns, ns + 100_000_000L, null, "unknown opcode " + op, op, kind, 10, 10, 10, 10);
    }

    @Test
    void endpointSignaturesPassThroughAndLearntOnesAreSkipped() {
        Signature ep = new Signature("skype", "UDP-ENDPOINTS", FlowType.UDP, 0, Status.REVIEWED, List.of(), null, List.of(),
                List.of(new org.chatdissect.model.Server("198.51.100.7", 33033)),
                List.of(org.chatdissect.model.Association.CLIENT_PORT, org.chatdissect.model.Association.SERVER_ENDPOINT),
                null);
        CandidateSet c = new CandidateSet(SignatureSet.of(List.of(udp("UDP", "6b", "10"), ep)), 1);
        // the trainer, run on feedback flows, learns an endpoint set of its own and a new header format
        Signature learntEp = new Signature("skype", "UDP-ENDPOINTS", FlowType.UDP, 0, Status.UNREVIEWED, List.of(), null,
                List.of(), List.of(new org.chatdissect.model.Server("203.0.113.9", 33033)),
                List.of(org.chatdissect.model.Association.CLIENT_PORT), null);
        c.absorb(SignatureSet.of(List.of(learntEp, udp("UDP", "d5", "0a"))));
        SignatureSet out = c.toSet();
        Signature kept = out.signatures().stream().filter(s -> s.id().equals("skype/UDP-ENDPOINTS")).findFirst().orElseThrow();
        assertEquals(ep, kept, "the known endpoint signature is unchanged, associations included");
        assertTrue(c.additions().stream().noneMatch(a -> a.signature().startsWith("skype/")), c.additions().toString());
    }
}
