package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.inspect.TextLine;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;
import org.junit.jupiter.api.Test;

/**
 * {@link TextLineInference} on hand-made flows: the meeting system's control and stream registrations (few-valued
 * whole lines, tasks from the manifest), an SMTP-like protocol (many-valued arguments cut to the command word), and
 * binary flows (ignored).
 */
class TextLineInferenceTest {
    private final Parameters params = Parameters.defaults();
    private long nextId = 1;

    /** A TCP flow of (direction, payload) pairs at one payload per second from {@code t0}. */
    private FlowSamples flow(String client, double t0, Object... dirAndPayload) {
        FlowSamples f = new FlowSamples(nextId++, 6, client, "198.51.100.1", 5000);
        f.flowType = FlowType.TCP;
        for (int i = 0; i < dirAndPayload.length; i += 2) {
            Direction d = (Direction) dirAndPayload[i];
            byte[] p = dirAndPayload[i + 1] instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1)
                    : (byte[]) dirAndPayload[i + 1];
            long ts = (long) ((t0 + i / 2) * 1e9);
            f.packets.add(new PayloadSample(d, ts, f.packets.size() + 1, java.util.Arrays.copyOf(p, Math.min(16, p.length)),
                    p.length, false));
            String line = TextLine.of(p, 0, p.length, params.textScope());
            if (line != null) {
                f.lines.add(new FlowSamples.Line(f.packets.size() - 1, d, ts, line));
            }
        }
        return f;
    }

    private static Map<String, LearnedKeyword> byValue(TextLineInference.Result r) {
        Map<String, LearnedKeyword> m = new TreeMap<>();
        r.keywords().forEach(k -> m.put(k.value(), k));
        return m;
    }

    @Test
    void meetingLinesBecomeKeywordsAndEpisodeOnlyLinesNameTheirTask() {
        List<FlowSamples> flows = new ArrayList<>();
        List<ManifestEntry> manifest = new ArrayList<>();
        Direction up = Direction.UP;
        Direction down = Direction.DOWN;
        for (int i = 0; i < 4; i++) {
            double t = 100 * i;
            // host_meeting: create room, clients, video send registration
            manifest.add(new ManifestEntry(t, t + 30, "host_meeting", "10.0.0.1"));
            flows.add(flow("10.0.0.1", t + 1, up, "create room\r\n\r\n1", down, "create room\r\n\r\n123",
                    up, "clients\r\n\r\n", down, "clients\r\n\r\nip 10.0.0.1", up, "close room\r\n\r\n123",
                    down, "close room\r\n\r\nok"));
            flows.add(flow("10.0.0.1", t + 3, up, "video send\r\n\r\n123", up, new byte[] {0, 0x20, 0, 0, 0, 0, 0, 0, 1, 2},
                    up, new byte[1400]));
            // manage_meeting: create room, set admin, transfer host
            manifest.add(new ManifestEntry(t + 50, t + 80, "manage_meeting", "10.0.0.1"));
            flows.add(flow("10.0.0.1", t + 51, up, "create room\r\n\r\n1", down, "create room\r\n\r\n456",
                    up, "set admin\r\n\r\n10.0.0.2", down, "set admin\r\n\r\nok", up, "transfer host\r\n\r\n10.0.0.2",
                    down, "transfer host\r\n\r\nok"));
        }
        // a binary flow: no line, not a text flow
        flows.add(flow("10.0.0.1", 500, up, new byte[] {1, 0, 0, 5, 0}, down, new byte[] {1, 100, 0, 1, 0, 2}));
        TextLineInference.Result r = new TextLineInference(TextLineInference.Config.of(params), manifest).learn(flows);
        Map<String, LearnedKeyword> k = byValue(r);
        assertEquals(List.of("clients", "close room", "create room", "set admin", "transfer host", "video send"),
                new ArrayList<>(k.keySet()));
        assertEquals(12, r.textFlows());
        // control flows are text only; the stream (a registration, then binary frames) stays for header learning
        assertEquals(8, r.textOnlyFlows().size());
        // create room opens both tasks: no task; the lines found in one task's episodes only name it
        assertNull(k.get("create room").task());
        assertEquals("manage_meeting", k.get("set admin").task());
        assertEquals("manage_meeting", k.get("transfer host").task());
        assertEquals("host_meeting", k.get("video send").task());
        assertEquals("host_meeting", k.get("clients").task());
        assertEquals(8 / 12.0, k.get("create room").coverage(), 1e-9);
        assertEquals(4 / 12.0, k.get("video send").coverage(), 1e-9);
    }

    @Test
    void manyValuedArgumentsAreCutToTheCommandWord() {
        List<FlowSamples> flows = new ArrayList<>();
        Direction up = Direction.UP;
        Direction down = Direction.DOWN;
        for (int i = 0; i < 8; i++) {
            flows.add(flow("10.0.0." + (i + 1), 10 * i, down, "220 mail" + i + ".example.org ESMTP\r\n", up,
                    "EHLO host" + i + "\r\n", down, "250 OK\r\n", up, "MAIL FROM:<user" + i + "@example.org>\r\n", down,
                    "250 OK\r\n", up, "QUIT\r\n", down, "221 Bye\r\n"));
        }
        // a line seen once is noise
        flows.add(flow("10.0.0.99", 200, up, "NOOP\r\n", down, "250 OK\r\n"));
        TextLineInference.Result r = new TextLineInference(TextLineInference.Config.of(params), List.of()).learn(flows);
        Map<String, LearnedKeyword> k = byValue(r);
        // 220's and EHLO's arguments and MAIL's addresses vary: the command word stays; "250 OK" and "QUIT" are
        // whole lines; "221 Bye" is a whole line too (its continuation is few-valued)
        assertEquals(List.of("220", "221 Bye", "250 OK", "EHLO", "MAIL", "QUIT"),
                new ArrayList<>(k.keySet()));
        assertTrue(k.values().stream().allMatch(x -> x.task() == null));
        assertEquals(8 / 9.0, k.get("QUIT").coverage(), 1e-9);
        assertEquals(1.0, k.get("250 OK").coverage(), 1e-9);
    }

    @Test
    void textLineRule() {
        byte[] p = "join room\r\n\r\n123".getBytes(StandardCharsets.US_ASCII);
        assertEquals("join room", TextLine.of(p, 0, p.length, 64));
        assertNull(TextLine.of(p, 0, p.length, 10)); // the CR LF must end within the scope
        assertEquals("join room", TextLine.of(p, 0, p.length, 11));
        assertNull(TextLine.of(new byte[] {'a', 1, '\r', '\n'}, 0, 4, 64));
        assertNull(TextLine.of("abc\rd\r\n".getBytes(StandardCharsets.US_ASCII), 0, 7, 64));
        assertEquals("", TextLine.of("\r\nabc".getBytes(StandardCharsets.US_ASCII), 0, 5, 64));
    }
}
