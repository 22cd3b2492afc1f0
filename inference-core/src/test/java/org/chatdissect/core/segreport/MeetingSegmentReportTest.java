package org.chatdissect.core.segreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The segment report of the meeting system's controlled trace (seed 1, preset improved) against the simulator's
 * truth: its audio and screen-sharing streams are {@code length(8, LE) | data} frames after a registration line, one
 * truth message per frame, often several frames in one segment or a frame starting inside one. The report shows
 * every frame as a message (frame number of the packet holding its first byte, the frame's length) with the 8-byte
 * length typed and its relation, as the trainer learns it. The trace is cached under {@code target/accuracy/}, shared
 * with {@code MeetingFramingTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class MeetingSegmentReportTest {
    private List<ReportFlow> flows;
    private List<MessageSegments> report;
    /** "client port/direction" -> frames of the truth messages with fields (one per frame) -> length. */
    private final Map<String, TreeMap<Long, Long>> truth = new HashMap<>();
    private final Map<Integer, String> serviceOf = new HashMap<>();

    @BeforeAll
    void build() throws Exception {
        Path dir = Path.of("target", "accuracy", "controlled-1-meeting");
        Cached.trace(dir, Scenario.CONTROLLED, App.parse("meeting"), 1, 0, Set.of());
        SegmentReport.Run run = SegmentReport.run(List.of(dir.resolve("capture.pcap")), Parameters.improved(), false,
                FlowTableConfig.defaults());
        flows = run.flows();
        report = run.messages();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("truth-messages.jsonl"))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                String service = value(l, "service");
                int port = Integer.parseInt(value(l, "client_port"));
                serviceOf.put(port, service);
                if ((service.equals("audio") || service.equals("screen")) && l.contains("\"fields\":[{")) {
                    truth.computeIfAbsent(port + "/" + value(l, "direction"), k -> new TreeMap<>())
                            .put(Long.parseLong(value(l, "frame")), Long.parseLong(value(l, "length")));
                }
            }
        }
    }

    private static String value(String line, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\"([^\"]*)\"|(-?[0-9]+))").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in " + line);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static int clientPort(String flowId) {
        String client = flowId.substring(0, flowId.indexOf('-'));
        return Integer.parseInt(client.substring(client.lastIndexOf(':') + 1));
    }

    @Test
    void mediaStreamsAreReportedFrameByFrame() {
        int streams = 0;
        for (ReportFlow f : flows) {
            int port = clientPort(f.id());
            for (FramedStream s : f.framed()) {
                TreeMap<Long, Long> want = truth.get(port + "/" + s.dir().name().toLowerCase(java.util.Locale.ROOT));
                if (want == null) {
                    continue;
                }
                List<PayloadSample> mine = f.packets().stream().filter(p -> p.dir() == s.dir()).toList();
                TreeMap<Long, Long> got = new TreeMap<>();
                for (int i = 0; i < s.frames(); i++) {
                    got.put(mine.get(s.payload(i)).frame(), s.length(i));
                }
                assertEquals(want, got, f.id() + " " + s);
                assertEquals("0-7 length little +8", s.candidate().toString());
                streams++;
            }
        }
        assertEquals(truth.size(), streams, "every audio and screen stream is framed");
    }

    @Test
    void framesAreTheReportsMessagesWithTheirLengthTyped() {
        Map<String, TreeMap<Long, Long>> got = new HashMap<>();
        for (MessageSegments m : report) {
            String service = serviceOf.get(clientPort(m.flow()));
            if (!"audio".equals(service) && !"screen".equals(service)) {
                continue;
            }
            if (m.framing() == null) {
                // the registration line before the frames
                assertTrue(m.length() < 64, m.toString());
                assertEquals(-1, m.offset());
                continue;
            }
            assertEquals("0-7 length little +8", m.framing());
            FieldRow len = m.fields().get(0);
            assertEquals(new FieldRow(0, 8, FieldType.LENGTH, "little", 8, len.max()), len, m.fields().toString());
            assertNotNull(len.max());
            assertTrue(len.max() >= m.length(), m.toString());
            assertTrue(m.fields().stream().skip(1).allMatch(f -> f.type() == FieldType.UNIDENTIFIED), m.toString());
            got.computeIfAbsent(m.flow(), k -> new TreeMap<>()).merge(m.frame(), m.length(), Long::sum);
        }
        // per flow, both directions together: frames sharing a packet are two messages with that packet's number
        Map<Integer, TreeMap<Long, Long>> want = new HashMap<>();
        truth.forEach((k, v) -> v.forEach((frame, len) -> want.computeIfAbsent(
                Integer.parseInt(k.substring(0, k.indexOf('/'))), x -> new TreeMap<>()).merge(frame, len, Long::sum)));
        assertEquals(want.size(), got.size());
        got.forEach((flow, frames) -> assertEquals(want.get(clientPort(flow)), frames, flow));
    }

    @Test
    void videoRecordsSharingASegmentAreTwoFrames() {
        // a video frame is two records, the sender's address (16 bytes) and the data, written together: the data
        // record starts 16 bytes into the segment
        List<MessageSegments> video = report.stream().filter(m -> "video".equals(serviceOf.get(clientPort(m.flow())))
                && m.framing() != null).toList();
        long addresses = video.stream().filter(m -> m.length() == 16 && m.offset() == 0).count();
        long data = video.stream().filter(m -> m.offset() == 16).count();
        assertTrue(addresses > 100, "address records: " + addresses);
        assertEquals(addresses, data, "each address record followed by its data in the same segment");
    }

    @Test
    void screenshotsAreFramedByTheirBigEndianLength() {
        long shots = report.stream().filter(m -> "remote control".equals(serviceOf.get(clientPort(m.flow())))
                && "1-4 length big +5".equals(m.framing())).peek(m -> {
                    assertEquals(new FieldRow(0, 1, FieldType.CONSTANT), m.fields().get(0));
                    assertEquals(FieldType.LENGTH, m.fields().get(1).type());
                    assertEquals(5, m.fields().get(1).adjust());
                }).count();
        assertTrue(shots > 100, "screenshot frames: " + shots);
    }

    @Test
    void thePaperPresetDoesNotFrame() throws Exception {
        Path pcap = Path.of("target", "accuracy", "controlled-1-meeting", "capture.pcap");
        SegmentReport.Run paper = SegmentReport.run(List.of(pcap), Parameters.defaults(), false,
                FlowTableConfig.defaults());
        assertTrue(paper.flows().stream().allMatch(f -> f.framed().isEmpty()));
        assertTrue(paper.messages().stream().allMatch(m -> m.framing() == null && m.offset() == -1));
        assertTrue(paper.messages().stream().allMatch(m -> m.fields().stream().allMatch(f -> f.adjust() == null)));
        // the same flows as read without any framing machinery
        List<ReportFlow> plain = ReportCollector.read(List.of(pcap), Parameters.defaults().segmentScope(), false,
                FlowTableConfig.defaults());
        assertEquals(outline(plain), outline(paper.flows()));
    }

    private static List<String> outline(List<ReportFlow> flows) {
        return flows.stream().map(f -> f.id() + " " + f.packets().stream().map(p -> p.frame() + "/" + p.length())
                .toList()).toList();
    }
}
