package org.chatdissect.match.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.match.HeaderSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trainer issue's "header fields come out with the right types", scored against the simulators' ground truth:
 * for every truth message with a header (the simulators write its fields), the first learnt header signature of
 * its app and transport that matches its first segment; then, byte by byte within the signature's scope, the type
 * of the learnt field holding the byte against the truth field's type (a byte no learnt field holds counts as
 * unidentified). Signatures and controlled traces are {@code ClassificationAccuracyTest}'s (seed 1, preset
 * improved), cached under {@code target/accuracy/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class FormatTruthTest {
    static final List<String> APPS = List.of("wechat", "qq", "qqvideo", "skype", "meeting");
    private final ObjectMapper json = new ObjectMapper();
    /** app -> per signature (or "unmatched") -> [messages, bytes, bytes of the right type, fields exactly right, fields]. */
    private final Map<String, Map<String, long[]>> scores = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> confusions = new LinkedHashMap<>();
    /** app -> [bytes a learner can type from the data, of which right]; see {@link #decidable}. */
    private final Map<String, long[]> decidable = new LinkedHashMap<>();

    @BeforeAll
    void score() throws Exception {
        Path root = Path.of("target", "accuracy");
        for (String app : APPS) {
            SignatureSet set = ClassificationAccuracyTest.signatures(root, app);
            Path dir = root.resolve("controlled-" + ClassificationAccuracyTest.TRAIN_SEED
                    + "-" + app);
            score(app, set, dir);
        }
        StringBuilder sb = new StringBuilder("header field types against ground truth (bytes within scope):\n");
        scores.forEach((app, bySig) -> bySig.forEach((sig, c) -> sb.append(String.format(Locale.ROOT,
                "  %-8s %-28s messages %6d  bytes right %5.1f%% of %d  fields exact %d/%d%n", app, sig, c[0],
                100.0 * c[2] / Math.max(1, c[1]), c[1], c[3], c[4]))));
        confusions.forEach((app, m) -> sb.append("  ").append(app).append(" truth->learnt bytes: ").append(m)
                .append('\n'));
        decidable.forEach((app, d) -> sb.append(String.format(Locale.ROOT,
                "  %-8s all bytes right %5.1f%%; of the %d bytes the data can type, %5.1f%% right%n", app,
                100 * rightBytes(app), d[0], 100.0 * d[1] / Math.max(1, d[0]))));
        System.err.print(sb);
    }

    private void score(String app, SignatureSet set, Path dir) throws IOException {
        Map<Long, JsonNode> byFrame = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("truth-messages.jsonl"))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                JsonNode m = json.readTree(l);
                if (m.get("app").asText().equals(app) && m.has("fields") && m.get("fields").size() > 0) {
                    byFrame.put(m.get("frame").asLong(), m);
                }
            }
        }
        Map<String, long[]> bySig = new TreeMap<>();
        Map<String, Long> confusion = new TreeMap<>();
        // (signature, offset) -> first value seen, or -1 once it varied; (signature, offset, truth, learnt) -> bytes
        Map<String, Integer> valueAt = new HashMap<>();
        Map<String, Long> scored = new HashMap<>();
        CaptureStats stats = new CaptureStats();
        PacketDecoder decoder = new PacketDecoder(stats);
        PacketRecord rec = new PacketRecord();
        DecodedPacket p = new DecodedPacket();
        try (PacketSource src = CaptureReader.open(List.of(dir.resolve("capture.pcap")), stats)) {
            while (src.next(rec)) {
                JsonNode m = byFrame.get(rec.frameNumber);
                if (m == null || !decoder.decode(rec, p)) {
                    continue;
                }
                FlowType ft = p.protocol == DecodedPacket.PROTO_TCP ? FlowType.TCP : FlowType.UDP;
                Signature sig = null;
                for (Signature s : set.signatures()) {
                    if (s.isHeaderSignature() && s.flowType() == ft
                            && HeaderSignatures.matches(s, p.payload, p.payloadOffset, p.payloadLength)) {
                        sig = s;
                        break;
                    }
                }
                long[] c = bySig.computeIfAbsent(sig == null ? "unmatched " + ft : sig.name(), k -> new long[5]);
                c[0]++;
                if (sig == null) {
                    continue;
                }
                for (JsonNode f : m.get("fields")) {
                    int off = f.get("offset").asInt();
                    int len = f.get("length").asInt();
                    String type = f.get("type").asText();
                    c[4]++;
                    for (FieldSpec l : sig.fields()) {
                        if (l.offset() == off && l.length() == len && l.type().jsonName().equals(type)) {
                            c[3]++;
                        }
                    }
                    for (int b = off; b < off + len && b < sig.scope(); b++) {
                        String learnt = "unidentified";
                        for (FieldSpec l : sig.fields()) {
                            if (b >= l.offset() && b < l.end()) {
                                learnt = l.type().jsonName();
                            }
                        }
                        c[1]++;
                        String at = sig.name() + "@" + b;
                        int v = m.has("fields") && b < p.payloadLength ? p.payload[p.payloadOffset + b] & 0xff : -2;
                        valueAt.merge(at, v, (x, y) -> x.equals(y) ? x : -1);
                        scored.merge(at + "@" + type + "@" + learnt, 1L, Long::sum);
                        if (learnt.equals(type)) {
                            c[2]++;
                        } else {
                            confusion.merge(type + "->" + learnt, 1L, Long::sum);
                        }
                    }
                }
            }
        }
        scores.put(app, bySig);
        confusions.put(app, confusion);
        // Which bytes the data lets a learner type at all: a byte with one value in every scored message can only
        // be a constant whatever the truth calls it (the meeting audio frames' length, always 2048; QQ's command
        // high byte, always 00), and a truth constant that varies between messages (a QQ number, fixed per
        // session) can never be one. Those are left out here; the floors use every byte.
        long[] d = new long[2];
        scored.forEach((k, n) -> {
            String[] part = k.split("@");
            boolean fixed = valueAt.get(part[0] + "@" + part[1]) >= 0;
            boolean truthConstant = part[2].equals("constant");
            if (fixed != truthConstant) {
                return;
            }
            d[0] += n;
            if (part[2].equals(part[3])) {
                d[1] += n;
            }
        });
        decidable.put(app, d);
    }

    private double rightBytes(String app) {
        long right = 0;
        long all = 0;
        for (long[] c : scores.get(app).values()) {
            right += c[2];
            all += c[1];
        }
        return all == 0 ? Double.NaN : right / (double) all;
    }

    /**
     * Floors, not goals: the share of header bytes typed as the truth types them, at or just under what the trainer
     * reaches today, so that a change which loses types fails here. Where it is low the printed confusion says why
     * (docs/benchmarks.md, "Field types against ground truth").
     */
    private void assertFloor(String app, double floor) {
        double r = rightBytes(app);
        assertTrue(r >= floor, String.format(Locale.ROOT, "%s: %.3f of header bytes typed right, floor %.2f; %s %s",
                app, r, floor, scores.get(app).keySet(), confusions.get(app)));
    }

    @Test
    void wechatTypes() {
        assertFloor("wechat", 0.995);
    }

    @Test
    void qqTypes() {
        assertFloor("qq", 0.55);
    }

    @Test
    void qqvideoTypes() {
        assertFloor("qqvideo", 0.88);
    }

    /** Byte 0 (22 up, 23 down) is typed reqresp where the truth says constant; the rest, length included, right. */
    @Test
    void skypeLoginRecordTypes() {
        assertFloor("skype", 0.78);
    }

    /**
     * The media frames' 8-byte little-endian length is typed a length with its relation (the audio frames' constant
     * 2048 equals the frame's length after it; the relation, compared, describes video and screen frames too, and the
     * streams' framing widens its max to their longest frame), and the screenshots' 4-byte big-endian length comes
     * from their stream framing; what is left is the mouse event's x coordinate, whose high byte passes for an
     * opcode (0.999 in the seed-1 trace).
     */
    @Test
    void meetingTypes() {
        assertFloor("meeting", 0.99);
    }
}
