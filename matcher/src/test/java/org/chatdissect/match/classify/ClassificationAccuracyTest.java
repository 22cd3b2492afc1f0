package org.chatdissect.match.classify;

import org.chatdissect.core.train.Trainer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.train.Training;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end: signatures trained (preset improved) on controlled traces of seed {@link #TRAIN_SEED}, an operator
 * trace of seed {@link #TEST_SEED}, classified and joined with its ground truth by 5-tuple + first frame.
 * Traces and signatures are cached under {@code target/accuracy/} so reruns skip generation and training.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class ClassificationAccuracyTest {
    static final long TRAIN_SEED = 1;
    static final long TEST_SEED = 7;
    /** Gives about 300 WeChat, 220 QQ, 540 Skype, 9 QQ video and 39 meeting flows (seed 7), calls and media included. */
    static final String TEST_SIZE = "256m";
    static final List<String> APPS = List.of("wechat", "qq", "qqvideo", "skype", "meeting");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, int[]> counts = new LinkedHashMap<>(); // app -> tp, fp, fn
    /**
     * Truth flows of each app that carry no payload in the trace (TCP handshakes only), left out of tp/fp/fn: a
     * payload signature has nothing to judge in them. In the seed-7 trace these are 5 meeting control connections
     * opened shortly before the 256 MB cut ends the trace, before the user's first task sent anything.
     */
    private final Map<String, Integer> noPayload = new TreeMap<>();
    private final Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    private int wtcpRequests;
    private int wtcpCorrect;
    private final Map<String, Integer> taskErrors = new TreeMap<>();
    private int wtcpUnlearnable;
    private int qudpMessages;
    private int httpNamed;
    private int tasksTotal;
    private final List<String> tasksWithoutFlow = new ArrayList<>();
    private final Map<String, Integer> httpWithoutService = new TreeMap<>();
    private int qudpCorrect;
    private final Map<String, Integer> qudpErrors = new TreeMap<>();

    @BeforeAll
    void classify() throws Exception {
        Path root = Path.of("target", "accuracy");
        List<SignatureSet> sets = new ArrayList<>();
        for (String app : APPS) {
            sets.add(signatures(root, app));
        }
        Path op = root.resolve("operator-" + TEST_SEED + "-" + TEST_SIZE);
        Cached.trace(op, Scenario.OPERATOR, App.ALL, TEST_SEED, Generate.parseSize(TEST_SIZE), Set.of());
        Path out = root.resolve("out");
        CompiledSignatures cs = CompiledSignatures.compile(sets);
        new Classifier(cs, FlowTableConfig.defaults(), 1, null).run(List.of(op.resolve("capture.pcap")), out);
        score(op, out, sets);
    }

    static SignatureSet signatures(Path root, String app) throws IOException {
        Path dir = Cached.trace(root.resolve("controlled-" + TRAIN_SEED + "-" + app), Scenario.CONTROLLED,
                App.parse(app), TRAIN_SEED, 0, Set.of());
        // QQ video's login and call set-up use QQ IM's own OICQ channel (truth labels it qq): a researcher
        // training QQ video leaves QQ's servers out, as the demo does
        ServerFilter filter = app.equals("qqvideo") ? ServerFilter.parse(List.of("!:8000", "!:53")) : ServerFilter.acceptAll();
        Path sig = Cached.get(root.resolve("sig-" + TRAIN_SEED + "-" + app + ".json"), p -> SignatureJson.write(
                Training.run(app, List.of(dir.resolve(Generate.PCAP)), dir.resolve(Generate.MANIFEST),
                        Parameters.improved(), FlowTableConfig.defaults(), filter, line -> { }, "test").signatures(), p),
                Generate.class, Training.class, Trainer.class, SignatureJson.class, SignatureSet.class);
        return SignatureJson.read(sig);
    }

    static String norm(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** Flow key independent of which side the flow layer called the client. */
    static String key(String a, long pa, String b, long pb, String proto, long frame) {
        String x = norm(a) + ":" + pa;
        String y = norm(b) + ":" + pb;
        return (x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x) + "|" + proto + "|" + frame;
    }

    private List<JsonNode> lines(Path p) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    out.add(json.readTree(l));
                }
            }
        }
        return out;
    }

    private void score(Path op, Path out, List<SignatureSet> sets) throws IOException {
        Map<String, JsonNode> mine = new HashMap<>();
        Map<String, String> flowIdToKey = new HashMap<>();
        for (JsonNode f : lines(out.resolve("flows.jsonl"))) {
            String k = key(f.get("client").asText(), f.get("client_port").asLong(), f.get("server").asText(),
                    f.get("server_port").asLong(), f.get("proto").asText(), f.get("first_frame").asLong());
            mine.put(k, f);
            flowIdToKey.put(f.get("file").asText() + "#" + f.get("first_frame").asLong(), k);
        }
        for (String a : APPS) {
            counts.put(a, new int[3]);
        }
        for (JsonNode t : lines(op.resolve("truth-flows.jsonl"))) {
            String k = key(t.get("client_ip").asText(), t.get("client_port").asLong(), t.get("server_ip").asText(),
                    t.get("server_port").asLong(), t.get("transport").asText(), t.get("first_frame").asLong());
            JsonNode f = mine.get(k);
            String truth = APPS.contains(t.get("app").asText()) ? t.get("app").asText() : "other";
            String got = f == null ? "missing" : f.get("app").asText();
            if (f != null && f.get("bytes_up").asLong() + f.get("bytes_down").asLong() == 0 && got.equals("unknown")) {
                noPayload.merge(truth, 1, Integer::sum);
                continue;
            }
            if (!truth.equals(got) && !(truth.equals("other") && got.equals("unknown"))) {
                confusion.computeIfAbsent(truth + " -> " + got, x -> new TreeMap<>())
                        .merge(t.get("flow_type").asText() + (f != null && f.hasNonNull("signature") ? " by " + f.get("signature").asText() : ""), 1, Integer::sum);
            }
            for (String a : APPS) {
                int[] c = counts.get(a);
                if (truth.equals(a) && got.equals(a)) {
                    c[0]++;
                } else if (got.equals(a)) {
                    c[1]++;
                } else if (truth.equals(a)) {
                    c[2]++;
                }
            }
        }
        // W-TCP tasks: truth request messages (uplink, or downlink pushes) against our tasks at the same frame
        Set<String> learnable = new java.util.HashSet<>();
        for (SignatureSet s : sets) {
            for (Signature sig : s.signatures()) {
                if (sig.app().equals("wechat")) {
                    sig.opcodes().values().forEach(o -> learnable.add(o.task()));
                }
            }
        }
        Map<String, String> ourTask = new HashMap<>();
        for (JsonNode t : lines(out.resolve("tasks.jsonl"))) {
            if (t.get("app").asText().equals("wechat") && t.get("flow_type").asText().equals("TCP")) {
                ourTask.put(flowIdToKey.get(t.get("flow").asText()) + "@" + t.get("frame").asLong(),
                        t.get("opcode").asText() + " " + t.get("task").asText());
            }
        }
        Map<String, Long> firstFrameOfTuple = new HashMap<>();
        for (JsonNode t : lines(op.resolve("truth-flows.jsonl"))) {
            if (t.get("app").asText().equals("wechat") && t.get("transport").asText().equals("tcp")
                    && t.get("flow_type").asText().equals("TCP")) {
                firstFrameOfTuple.put(key(t.get("client_ip").asText(), t.get("client_port").asLong(),
                        t.get("server_ip").asText(), t.get("server_port").asLong(), "tcp", 0), t.get("first_frame").asLong());
            }
        }
        for (JsonNode m : lines(op.resolve("truth-messages.jsonl"))) {
            if (!m.get("app").asText().equals("wechat") || !m.get("transport").asText().equals("tcp") || !m.has("opcode")) {
                continue;
            }
            boolean push = m.get("kind").asText().equals("push");
            if (m.get("direction").asText().equals(push ? "up" : "down")) {
                continue;
            }
            Long ff = firstFrameOfTuple.get(key(m.get("client_ip").asText(), m.get("client_port").asLong(),
                    m.get("server_ip").asText(), m.get("server_port").asLong(), "tcp", 0));
            if (ff == null) {
                continue;
            }
            String truthTask = m.get("task").asText();
            String truthOpcode = m.get("opcode").asText().substring(2);
            String flowKey = key(m.get("client_ip").asText(), m.get("client_port").asLong(), m.get("server_ip").asText(),
                    m.get("server_port").asLong(), "tcp", ff);
            String got = ourTask.get(flowKey + "@" + m.get("frame").asLong());
            wtcpRequests++;
            // the opcode must be found at the request's frame; the name must match when the trainer learnt it
            // (it names tasks outside the manifest itself, e.g. "periodic 06" for the heartbeat)
            boolean learnt = learnable.contains(truthTask);
            if (!learnt) {
                wtcpUnlearnable++;
            }
            if (got != null && got.startsWith(truthOpcode + " ") && (!learnt || got.endsWith(" " + truthTask))) {
                wtcpCorrect++;
            } else {
                taskErrors.merge(truthTask + " -> " + got, 1, Integer::sum);
            }
        }
        scoreQqUdpTasks(op, out, sets, flowIdToKey);
        // every task names its flow by the flow's uid (Zeek's convention): the join must find exactly one flow
        Map<String, String> flowOfUid = new HashMap<>();
        for (JsonNode f : lines(out.resolve("flows.jsonl"))) {
            if (flowOfUid.put(f.get("uid").asText(), f.get("file").asText() + "#" + f.get("first_frame").asLong()) != null) {
                tasksWithoutFlow.add("duplicate uid " + f.get("uid").asText());
            }
        }
        for (JsonNode t : lines(out.resolve("tasks.jsonl"))) {
            tasksTotal++;
            if (!t.get("flow").asText().equals(flowOfUid.get(t.get("uid").asText())) && tasksWithoutFlow.size() < 5) {
                tasksWithoutFlow.add(t.toString());
            }
        }
        // every WeChat HTTP task learnt from the manifest carries the manifest's service (Table IV's rows)
        Map<String, String> keywordService = new HashMap<>();
        for (SignatureSet s : sets) {
            for (Signature sig : s.signatures()) {
                if (sig.app().equals("wechat")) {
                    sig.keywords().stream().filter(k -> k.task() != null && k.service() != null)
                            .forEach(k -> keywordService.put(k.task(), k.service()));
                }
            }
        }
        for (JsonNode t : lines(out.resolve("tasks.jsonl"))) {
            String task = t.get("task").asText();
            if (t.get("app").asText().equals("wechat") && t.get("flow_type").asText().equals("HTTP")
                    && keywordService.containsKey(task)) {
                httpNamed++;
                if (!keywordService.get(task).equals(t.path("service").asText(null))) {
                    httpWithoutService.merge(task + " -> " + t.path("service").asText(null), 1, Integer::sum);
                }
            }
        }
    }

    /**
     * QQ's UDP tasks message by message (issue "Tasks for every app": UDP flows had one task per flow): a truth message
     * with an opcode is right when its flow has a task of that opcode beginning at or before the message (the task
     * holding it: consecutive messages of one opcode are one task), named as the truth names it when the trainer
     * learnt that name from the manifest.
     */
    private void scoreQqUdpTasks(Path op, Path out, List<SignatureSet> sets, Map<String, String> flowIdToKey)
            throws IOException {
        Set<String> learnable = new java.util.HashSet<>();
        for (SignatureSet s : sets) {
            for (Signature sig : s.signatures()) {
                if (sig.app().equals("qq")) {
                    sig.opcodes().values().forEach(o -> learnable.add(o.task()));
                }
            }
        }
        Map<String, List<JsonNode>> ours = new HashMap<>();
        for (JsonNode t : lines(out.resolve("tasks.jsonl"))) {
            if (t.get("app").asText().equals("qq") && t.get("flow_type").asText().equals("UDP")) {
                ours.computeIfAbsent(flowIdToKey.get(t.get("flow").asText()), k -> new ArrayList<>()).add(t);
            }
        }
        Map<String, Long> firstFrameOfTuple = new HashMap<>();
        for (JsonNode t : lines(op.resolve("truth-flows.jsonl"))) {
            if (t.get("app").asText().equals("qq") && t.get("transport").asText().equals("udp")
                    && t.get("flow_type").asText().equals("UDP")) {
                firstFrameOfTuple.put(key(t.get("client_ip").asText(), t.get("client_port").asLong(),
                        t.get("server_ip").asText(), t.get("server_port").asLong(), "udp", 0), t.get("first_frame").asLong());
            }
        }
        for (JsonNode m : lines(op.resolve("truth-messages.jsonl"))) {
            if (!m.get("app").asText().equals("qq") || !m.get("transport").asText().equals("udp") || !m.has("opcode")) {
                continue;
            }
            Long ff = firstFrameOfTuple.get(key(m.get("client_ip").asText(), m.get("client_port").asLong(),
                    m.get("server_ip").asText(), m.get("server_port").asLong(), "udp", 0));
            if (ff == null) {
                continue;
            }
            String flowKey = key(m.get("client_ip").asText(), m.get("client_port").asLong(), m.get("server_ip").asText(),
                    m.get("server_port").asLong(), "udp", ff);
            String truthTask = m.get("task").asText();
            String opcode = m.get("opcode").asText();
            String low = opcode.substring(opcode.length() - 2); // the learnt opcode is the command's low byte
            long frame = m.get("frame").asLong();
            JsonNode holder = null;
            for (JsonNode t : ours.getOrDefault(flowKey, List.of())) {
                if (t.get("frame").asLong() <= frame && low.equals(t.path("opcode").asText())) {
                    holder = t;
                }
            }
            qudpMessages++;
            boolean ok = holder != null && (!learnable.contains(truthTask) || holder.get("task").asText().equals(truthTask));
            if (ok) {
                qudpCorrect++;
            } else {
                qudpErrors.merge(truthTask + " " + opcode + " -> " + (holder == null ? "none" : holder.get("task").asText()),
                        1, Integer::sum);
            }
        }
    }

    private void assertApp(String app) {
        int[] c = counts.get(app);
        double p = c[0] / (double) Math.max(1, c[0] + c[1]);
        double r = c[0] / (double) Math.max(1, c[0] + c[2]);
        String detail = String.format(java.util.Locale.ROOT, "%s: tp %d fp %d fn %d precision %.4f recall %.4f"
                + " (%d flows without payload left out); confusion %s",
                app, c[0], c[1], c[2], p, r, noPayload.getOrDefault(app, 0), confusion);
        System.err.println(detail);
        // every flow there is must be right; too few flows make the ratios meaningless, which is a skip
        assertTrue(c[1] == 0 && c[2] == 0 || p >= 0.995 && r >= 0.995, detail);
        Assumptions.assumeTrue(c[0] + c[2] >= 5, "too few " + app + " flows in the trace to measure 99.5%: " + detail);
    }

    @Test
    void wechatFlows() {
        assertApp("wechat");
    }

    @Test
    void everyTaskReachesItsFlowByUid() {
        assertTrue(tasksTotal > 1000, tasksTotal + " tasks");
        assertTrue(tasksWithoutFlow.isEmpty(), tasksWithoutFlow.toString());
    }

    @Test
    void wechatHttpTasksHaveTheirService() {
        String detail = httpNamed + " named WeChat HTTP tasks; without their manifest service: " + httpWithoutService;
        System.err.println(detail);
        assertTrue(httpNamed >= 20, detail);
        assertTrue(httpWithoutService.isEmpty(), detail);
    }

    @Test
    void qqUdpTasksPerMessage() {
        double acc = qudpCorrect / (double) Math.max(1, qudpMessages);
        String detail = String.format(java.util.Locale.ROOT, "QQ UDP tasks: %d/%d messages right (%.4f); errors %s",
                qudpCorrect, qudpMessages, acc, qudpErrors);
        System.err.println(detail);
        assertTrue(qudpMessages >= 100, detail);
        assertTrue(acc >= 0.95, detail);
    }

    @Test
    void wechatTcpTasks() {
        double acc = wtcpCorrect / (double) Math.max(1, wtcpRequests);
        String detail = String.format(java.util.Locale.ROOT,
                "W-TCP tasks: %d/%d correct (%.4f), %d of them with names the trainer does not learn; errors %s",
                wtcpCorrect, wtcpRequests, acc, wtcpUnlearnable, taskErrors);
        System.err.println(detail);
        assertTrue(wtcpRequests >= 100, detail);
        assertTrue(acc >= 0.99, detail);
    }

    @Test
    void qqFlows() {
        assertApp("qq");
    }

    @Test
    void qqvideoFlows() {
        assertApp("qqvideo");
    }

    @Test
    void skypeFlows() {
        assertApp("skype");
    }

    @Test
    void meetingFlows() {
        assertApp("meeting");
    }

    /**
     * No flow of one application is labelled another: the misses the per-app recalls allow must fall to "unknown",
     * where the feedback loop can find them, never to a wrong application.
     */
    @Test
    void noFlowIsLabelledAnotherApplication() {
        StringBuilder summary = new StringBuilder();
        for (String a : APPS) {
            int[] c = counts.get(a);
            summary.append(String.format(java.util.Locale.ROOT, "%s: tp %d fp %d fn %d; ", a, c[0], c[1], c[2]));
        }
        summary.append("confusion ").append(confusion).append("; flows without payload (not scored) ").append(noPayload);
        System.err.println(summary);
        List<String> crossed = confusion.keySet().stream().filter(k -> {
            String[] tg = k.split(" -> ");
            return tg.length == 2 && !tg[0].equals(tg[1]) && APPS.contains(tg[0]) && APPS.contains(tg[1]);
        }).toList();
        assertTrue(crossed.isEmpty(), "flows labelled another application: " + crossed + "\n" + summary);
    }

    static Stream<String> apps() {
        return APPS.stream();
    }
}
