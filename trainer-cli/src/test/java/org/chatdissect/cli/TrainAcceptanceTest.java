package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.datasets.wechat.WeChatCatalog;
import org.chatdissect.datasets.wechat.WeChatTask;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.TaskKind;
import org.chatdissect.store.json.SignatureJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the trainer on a generated controlled WeChat trace with {@code --preset improved}: the signatures of
 * the paper's Fig. 2 (W-TCP) and Fig. 3 (W-UDP), the opcode semantics of section III-A4 and the keywords of
 * section III-A1 must come out, and training must be deterministic. One capture is generated and trained once for
 * all checks (training dominates the run time).
 */
@Tag("slow")
class TrainAcceptanceTest {
    @TempDir
    static Path dir;
    static GeneratedCapture capture;
    static Path sigFile;
    static SignatureSet sigs;

    @BeforeAll
    static void trainOnce() throws Exception {
        capture = Generate.run(Scenario.CONTROLLED, App.WECHAT, 1, dir.resolve("w1"), 0, Set.of());
        sigFile = dir.resolve("sig.json");
        train(sigFile);
        sigs = SignatureJson.read(sigFile);
    }

    static void train(Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = ChatDissect.execute(new String[] {"train", "--app", "wechat", "--in", capture.pcap().toString(),
                "--manifest", capture.manifest().toString(), "--preset", "improved", "--out", out.toString()},
                new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(0, rc, o + "\n" + e);
    }

    /** e.g. {@code 0-3 length big}, {@code 4-7 constant 00100001}, {@code 8-10 reqresp 000000/3b9aca}. */
    static String describe(FieldSpec f) {
        int last = f.offset() + f.length() - 1;
        String pos = f.length() == 1 ? Integer.toString(f.offset()) : f.offset() + "-" + last;
        String extra = switch (f.type()) {
            case CONSTANT -> " " + f.values().get(0);
            case REQRESP -> " " + f.request() + "/" + f.response();
            case LENGTH, SEQUENCE -> " " + f.endian().jsonName();
            default -> "";
        };
        return pos + " " + f.type().jsonName() + extra;
    }

    static List<String> describe(Signature s) {
        return s.fields().stream().map(TrainAcceptanceTest::describe).toList();
    }

    static List<Signature> headerSignatures(FlowType t) {
        return sigs.signatures().stream().filter(s -> s.flowType() == t && !s.fields().isEmpty()).toList();
    }

    static Signature wTcp() {
        List<Signature> tcp = headerSignatures(FlowType.TCP);
        assertEquals(1, tcp.size(), "one W-TCP format");
        return tcp.get(0);
    }

    @Test
    void wTcpSignatureIsFigure2() {
        assertEquals(List.of("0-3 length big", "4-7 constant 00100001", "8-10 reqresp 000000/3b9aca", "11 opcode",
                "12-15 sequence big"), describe(wTcp()));
        assertEquals(16, wTcp().scope());
    }

    @Test
    void everyWTcpUserTaskOfTheManifestHasItsOpcode() throws Exception {
        Set<String> tasks = new TreeSet<>();
        for (String line : Files.readAllLines(capture.manifest()).subList(1, Files.readAllLines(capture.manifest()).size())) {
            tasks.add(line.split(",")[2]);
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String task : tasks) {
            WeChatTask t = WeChatCatalog.byName(task);
            if (!t.userTask() || t.opcode() < 0) {
                continue; // carried by W-HTTP only: no opcode to learn
            }
            checked++;
            OpcodeInfo info = wTcp().opcodes().get(String.format("%02x", t.opcode()));
            if (info == null || !task.equals(info.task()) || info.kind() != TaskKind.USER) {
                wrong.add(task + " (" + String.format("%02x", t.opcode()) + ") -> " + info);
            }
        }
        assertTrue(checked >= 30, "manifest covers the W-TCP user tasks: " + checked);
        assertTrue(wrong.isEmpty(), "wrong or missing opcodes: " + wrong);
    }

    @Test
    void heartbeatIsPeriodicEveryFiveMinutesAndSyncIsTriggered() {
        OpcodeInfo hb = wTcp().opcodes().get("06");
        assertNotNull(hb, "heartbeat opcode 06");
        assertEquals(TaskKind.PERIODIC, hb.kind());
        assertEquals(300, hb.periodS(), 5, "heartbeat period");
        OpcodeInfo sync = wTcp().opcodes().get("8b");
        assertNotNull(sync, "sync opcode 8b");
        assertEquals(TaskKind.TRIGGERED, sync.kind());
    }

    @Test
    void wUdpTypesOfFigure3() {
        List<List<String>> udp = headerSignatures(FlowType.UDP).stream().map(TrainAcceptanceTest::describe).toList();
        // content: opcode 1, sequence 2-3, constant 4
        assertTrue(udp.stream().anyMatch(f -> f.contains("1 opcode") && f.contains("2-3 sequence big")
                && f.stream().anyMatch(x -> x.startsWith("4 constant "))), "content type: " + udp);
        // signaling: constants 0-1, 7, 9-12 and sequence 2-4
        assertTrue(udp.stream().anyMatch(f -> f.contains("2-4 sequence big")
                && f.stream().anyMatch(x -> x.startsWith("0-1 constant "))
                && f.stream().anyMatch(x -> x.startsWith("7 constant "))
                && f.stream().anyMatch(x -> x.startsWith("9-12 constant "))), "signaling type: " + udp);
        // heartbeats, one per direction: constants 1 and 3-5 plus a constant that differs by direction
        List<List<String>> hb = udp.stream().filter(f -> f.stream().anyMatch(x -> x.startsWith("1 constant "))
                && f.stream().anyMatch(x -> x.startsWith("3-5 constant "))).toList();
        assertEquals(2, hb.size(), "two heartbeat directions: " + udp);
        Set<String> directional = new TreeSet<>();
        for (List<String> f : hb) {
            f.stream().filter(x -> x.contains("constant") && !x.startsWith("1 ") && !x.startsWith("3-5 "))
                    .forEach(directional::add);
        }
        assertEquals(2, directional.size(), "direction-specific constants differ: " + hb);
    }

    @Test
    void httpAndDnsKeywords() {
        Set<String> values = new TreeSet<>();
        for (Signature s : sigs.signatures()) {
            if (s.flowType() == FlowType.HTTP || s.flowType() == FlowType.DNS) {
                for (Keyword k : s.keywords()) {
                    values.add(k.value());
                }
            }
        }
        assertTrue(values.contains("short.weixin.qq.com"), values.toString());
        assertTrue(values.contains("/cgi-bin/micromsg-bin/"), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.contains("MicroMessenger")), values.toString());
    }

    @Test
    void trainingTwiceGivesByteIdenticalJson() throws Exception {
        Path again = dir.resolve("sig2.json");
        train(again);
        assertArrayEquals(Files.readAllBytes(sigFile), Files.readAllBytes(again));
    }

    @Test
    void fieldTypesAreTheFiveOfThePaper() {
        for (Signature s : headerSignatures(FlowType.TCP)) {
            assertTrue(s.fields().stream().allMatch(f -> f.type() != FieldType.UNIDENTIFIED), describe(s).toString());
        }
    }
}
