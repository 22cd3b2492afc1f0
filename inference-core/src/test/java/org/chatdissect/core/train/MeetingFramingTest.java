package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chatdissect.core.fieldtype.FramedFormat;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The meeting system's length-prefixed streams (seed 003) on its controlled trace (seed 1, preset improved), against
 * the simulator's truth: media frames {@code length(8, LE) | data} on ports 5001-5003 after a registration line, and
 * the remote-control peer's screenshots {@code 01 | length(4, BE) | image}. The trace is cached under
 * {@code target/accuracy/} as the matcher's accuracy tests cache theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class MeetingFramingTest {
    private TrainingResult result;
    private final List<String> log = new ArrayList<>();
    private long longestMedia;
    private long longestShot;

    @BeforeAll
    void train() throws Exception {
        Path dir = Path.of("target", "accuracy", "controlled-1-meeting");
        Cached.trace(dir, Scenario.CONTROLLED, App.parse("meeting"), 1, 0, Set.of());
        List<ManifestEntry> manifest = new ArrayList<>();
        for (ManifestReader.Line l : ManifestReader.read(dir.resolve("manifest.csv"))) {
            manifest.add(l.entry());
        }
        result = new Trainer(Parameters.improved(), FlowTableConfig.defaults(), ServerFilter.acceptAll(), log::add)
                .train("meeting", List.of(dir.resolve("capture.pcap")), manifest);
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("truth-messages.jsonl"))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                String service = value(l, "service");
                long len = Long.parseLong(value(l, "length"));
                boolean fields = l.contains("\"fields\":[{");
                if ((service.equals("audio") || service.equals("screen")) && fields) {
                    longestMedia = Math.max(longestMedia, len); // length(8) + data, one frame
                } else if (service.equals("remote control") && value(l, "direction").equals("down") && !fields) {
                    longestShot = Math.max(longestShot, 5 + len); // the image after its 5-byte header
                }
            }
        }
    }

    /** A string or number member of a flat JSON line of the truth files. */
    private static String value(String line, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":(\"([^\"]*)\"|(-?[0-9]+))")
                .matcher(line);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in " + line);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private List<HeaderFormat> tcp() {
        return result.headerFormats().stream().filter(h -> h.flowType() == FlowType.TCP).toList();
    }

    private HeaderFormat withLengthAt(int offset, int width) {
        return tcp().stream().filter(h -> h.fields().stream().anyMatch(f -> f.type() == FieldType.LENGTH
                && f.offset() == offset && f.length() == width)).findFirst()
                .orElseThrow(() -> new AssertionError("no TCP format with a length at " + offset + "-"
                        + (offset + width - 1) + ": " + tcp().stream().map(HeaderFormat::fields).toList() + "\n"
                        + String.join("\n", log)));
    }

    @Test
    void mediaFramesHaveAnEightByteLittleEndianLength() {
        HeaderFormat h = withLengthAt(0, 8);
        InferredField len = h.fields().get(0);
        assertEquals("0-7 length little +8 <=1048576", len.toString(), h.fields().toString());
        assertEquals(8, len.adjust(), "the length counts the bytes after it");
        assertEquals(FramedFormat.frameLimit(longestMedia, 16), len.maxMessage(),
                "16 times the longest frame, rounded up");
        assertEquals(1_048_576L, len.maxMessage());
        // nothing else to match: the length relation is the signature (audio, video and screen frames alike)
        assertTrue(h.fields().stream().skip(1).allMatch(f -> f.type() == FieldType.UNIDENTIFIED), h.fields().toString());
        assertEquals(Set.of(5001, 5002, 5003), Set.copyOf(h.servers().stream().map(HeaderFormat.Endpoint::port).toList()));
    }

    @Test
    void screenshotsHaveAFourByteBigEndianLengthAfterTheirConstant() {
        HeaderFormat h = withLengthAt(1, 4);
        assertEquals("0 constant 01", h.fields().get(0).toString());
        InferredField len = h.fields().get(1);
        assertEquals("1-4 length big +5 <=2097152", len.toString());
        assertEquals(5, len.adjust());
        assertEquals(FramedFormat.frameLimit(longestShot, 16), len.maxMessage());
        assertEquals(2_097_152L, len.maxMessage());
        assertTrue(h.servers().stream().allMatch(e -> e.port() == 5004), h.servers().toString());
    }

    @Test
    void mouseEventsStillHaveTheirFormat() {
        assertTrue(tcp().stream().anyMatch(h -> h.fields().get(0).toString().equals("0-1 constant 0164")),
                tcp().stream().map(HeaderFormat::fields).toList().toString());
        // the audio frames' constant 2048 is a length now, not a format of its own
        assertTrue(tcp().stream().noneMatch(h -> h.fields().get(0).toString().startsWith("0-7 constant")),
                tcp().stream().map(HeaderFormat::fields).toList().toString());
    }
}
