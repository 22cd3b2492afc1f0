package org.chatdissect.match.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.datasets.truth.GroundTruth;
import org.chatdissect.datasets.truth.TruthFlow;
import org.chatdissect.datasets.truth.TruthMessage;
import org.chatdissect.datasets.wechat.WeChatCatalog;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.train.Training;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The feedback loop recovers tasks the controlled experiment left out: WeChat signatures trained without four
 * W-TCP user tasks, an operator trace (another seed) in which those tasks occur, feedback; the tasks' opcodes must
 * be in the W-TCP signature afterwards as unreviewed candidates, and nothing added to WeChat may belong to
 * another application by the trace's ground truth.
 */
@Tag("slow")
class FeedbackAcceptanceTest {
    /** How many W-TCP user tasks training leaves out: the most frequent ones of the operator trace. */
    static final int LEFT_OUT_COUNT = 4;
    /** Chosen from the operator trace's ground truth, so a change of the operator mix cannot empty the test. */
    static List<String> LEFT_OUT;
    static final long TRAIN_SEED = 1;
    static final long TEST_SEED = 7;

    @Test
    void feedbackRecoversLeftOutTasks() throws IOException {
        Path root = Path.of("target", "feedback-acceptance");
        Path op = root.resolve("operator-" + TEST_SEED + "-128m");
        Cached.trace(op, Scenario.OPERATOR, App.ALL, TEST_SEED, 128L << 20, Set.of());
        GroundTruth truth = GroundTruth.load(op);
        Map<String, Integer> userTaskCounts = new java.util.TreeMap<>();
        for (TruthMessage m : truth.messages()) {
            if ("wechat".equals(m.app()) && "tcp".equals(m.transport()) && m.opcode() != null && "up".equals(m.direction())
                    && WeChatCatalog.exists(m.task()) && WeChatCatalog.byName(m.task()).userTask()) {
                userTaskCounts.merge(m.task(), 1, Integer::sum);
            }
        }
        LEFT_OUT = userTaskCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(LEFT_OUT_COUNT).map(Map.Entry::getKey).sorted().toList();
        assertEquals(LEFT_OUT_COUNT, LEFT_OUT.size(), "W-TCP user tasks in the operator trace: " + userTaskCounts);
        SignatureSet wechat = train(root);
        Set<String> wechatTcpOpcodes = new HashSet<>();
        for (TruthMessage m : truth.messages()) {
            if ("wechat".equals(m.app()) && "tcp".equals(m.transport()) && m.opcode() != null) {
                wechatTcpOpcodes.add(hex(m.opcode()));
            }
        }
        for (String task : LEFT_OUT) {
            assertTrue(wechatTcpOpcodes.contains(hex(WeChatCatalog.byName(task).opcodeHex())),
                    task + " does not occur in the operator trace; pick another seed or size");
        }

        Signature before = wtcp(wechat);
        for (String task : LEFT_OUT) {
            assertFalse(before.opcodes().containsKey(hex(WeChatCatalog.byName(task).opcodeHex())),
                    task + " was learnt although left out");
        }

        FeedbackOptions options = new FeedbackOptions(Parameters.improved(), FlowTableConfig.defaults(), 1,
                FeedbackOptions.MAX_ROUNDS, List.of(), "test");
        List<Path> captures = List.of(op.resolve(Generate.PCAP));
        FeedbackResult r = new FeedbackLoop(options).run(wechat, captures, root.resolve("work-a"), x -> { });

        Signature after = wtcp(r.signatures());
        assertEquals(Status.UNREVIEWED, after.status());
        for (String task : LEFT_OUT) {
            String hex = hex(WeChatCatalog.byName(task).opcodeHex());
            assertTrue(after.opcodes().containsKey(hex), task + " (" + hex + ") not recovered: " + after.opcodes().keySet());
        }
        assertTrue(after.opcodes().entrySet().containsAll(before.opcodes().entrySet()), "known opcodes changed");

        // nothing of another application: every added opcode is a WeChat W-TCP opcode of the trace, every added
        // signature's servers are WeChat servers, every added host keyword names only WeChat servers
        Map<String, Set<String>> appsOfServer = new LinkedHashMap<>();
        Map<String, Set<String>> appsOfName = new LinkedHashMap<>();
        for (TruthFlow f : truth.flows()) {
            appsOfServer.computeIfAbsent(f.serverIp() + ":" + f.serverPort(), k -> new HashSet<>()).add(f.app());
            if (f.serverName() != null) {
                appsOfName.computeIfAbsent(f.serverName(), k -> new HashSet<>()).add(f.app());
            }
        }
        List<Addition> additions = new ArrayList<>();
        r.rounds().forEach(x -> additions.addAll(x.additions()));
        assertFalse(additions.isEmpty());
        for (Addition a : additions) {
            assertTrue(a.signature().startsWith("wechat/"), a.line());
            switch (a.kind()) {
                case OPCODE -> {
                    if (a.signature().equals(after.id())) {
                        assertTrue(wechatTcpOpcodes.contains(a.what()), "not a WeChat opcode: " + a.line());
                    }
                }
                case SIGNATURE -> r.signatures().find(a.signature()).orElseThrow().servers().forEach(s ->
                        assertEquals(Set.of("wechat"), appsOfServer.get(s.ip() + ":" + s.port()), a.line()));
                case KEYWORD -> {
                    String value = a.what().substring(a.what().indexOf(' ') + 1);
                    appsOfName.forEach((name, apps) -> {
                        if (name.contains(value) && a.what().matches("(dns\\.qname|http\\.host|tls\\.sni) .*")) {
                            assertEquals(Set.of("wechat"), apps, a.line() + " names " + name);
                        }
                    });
                }
            }
        }

        // deterministic: a second run gives the same file
        FeedbackResult again = new FeedbackLoop(options).run(wechat, captures, root.resolve("work-b"), x -> { });
        assertEquals(SignatureJson.toJson(r.signatures()), SignatureJson.toJson(again.signatures()));
        assertEquals(r.rounds(), again.rounds());
    }

    private static Signature wtcp(SignatureSet s) {
        List<Signature> tcp = s.signatures().stream()
                .filter(x -> x.app().equals("wechat") && x.flowType() == FlowType.TCP && x.opcodeField().isPresent())
                .toList();
        assertEquals(1, tcp.size(), "one W-TCP signature expected");
        return tcp.get(0);
    }

    /** "0x09" or "09" as the signature files spell opcodes: lower-case hex without prefix. */
    static String hex(String s) {
        return s.toLowerCase().startsWith("0x") ? s.substring(2).toLowerCase() : s.toLowerCase();
    }

    private static SignatureSet train(Path root) throws IOException {
        Path dir = Cached.trace(root.resolve("controlled"), Scenario.CONTROLLED, App.WECHAT, TRAIN_SEED, 0,
                Set.copyOf(LEFT_OUT));
        Path sig = Cached.get(root.resolve("wechat-without-" + String.join("-", LEFT_OUT) + ".json"),
                p -> SignatureJson.write(Training.run("wechat", List.of(dir.resolve(Generate.PCAP)),
                        dir.resolve(Generate.MANIFEST), Parameters.improved(), FlowTableConfig.defaults(),
                        ServerFilter.acceptAll(), line -> { }, "test").signatures(), p),
                Generate.class, Training.class, org.chatdissect.core.train.Trainer.class, SignatureJson.class,
                SignatureSet.class);
        return SignatureJson.read(sig);
    }
}
