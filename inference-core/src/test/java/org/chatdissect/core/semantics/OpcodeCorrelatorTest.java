package org.chatdissect.core.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.OpcodeSemantics.Kind;
import org.chatdissect.model.Direction;
import org.junit.jupiter.api.Test;

class OpcodeCorrelatorTest {
    static final long S = 1_000_000_000L;

    @Test
    void manifestPeriodicAndTriggered() {
        Random r = new Random(5);
        List<OpcodeEvent> ev = new ArrayList<>();
        List<ManifestEntry> manifest = new ArrayList<>();
        double hours = 3 * 3600;
        for (long flow = 1; flow <= 3; flow++) {
            // Heartbeat every 300 s with a little jitter; it also lands inside task intervals.
            for (double t = 5 + r.nextDouble() * 10; t < hours; t += 300 + r.nextGaussian() * 2) {
                add(ev, flow, t, "06", true);
                add(ev, flow, t + 0.05, "06", false);
            }
        }
        String[][] tasks = {{"login", "0a"}, {"send_text", "1e"}, {"send_image", "09"}};
        double t = 100;
        for (int round = 0; round < 12; round++) {
            for (String[] task : tasks) {
                manifest.add(new ManifestEntry(t, t + 20, task[0], "android"));
                double at = t + 1 + r.nextDouble() * 2;
                add(ev, 1, at, task[1], true);
                add(ev, 1, at + 0.1, task[1], false);
                if (task[0].equals("login")) {
                    double s = at + 0.2 + r.nextDouble() * 0.6;
                    add(ev, 1, s, "27", true); // sync, always within 1 s of login
                    add(ev, 1, s + 0.05, "27", false);
                }
                t += 120 + r.nextDouble() * 300;
            }
        }
        // A heartbeat right at the start of a login interval must not become login's opcode.
        manifest.add(new ManifestEntry(2000, 2020, "login", "android"));
        add(ev, 4, 2000.5, "06", true); // from a short flow: too few occurrences for a CV
        add(ev, 1, 2001.5, "0a", true);
        add(ev, 1, 2002.0, "27", true);
        for (int i = 0; i < 5; i++) {
            add(ev, 3, r.nextDouble() * hours, "44", true); // noise
        }
        Map<String, OpcodeSemantics> res = new OpcodeCorrelator(OpcodeCorrelator.Config.of(Parameters.defaults())).correlate(ev, manifest)
                .stream().collect(Collectors.toMap(OpcodeSemantics::opcodeHex, Function.identity()));
        assertEquals(new OpcodeSemantics("0a", "login", Kind.USER, null, null), res.get("0a"));
        assertEquals(new OpcodeSemantics("1e", "send_text", Kind.USER, null, null), res.get("1e"));
        assertEquals(new OpcodeSemantics("09", "send_image", Kind.USER, null, null), res.get("09"));
        assertEquals(Kind.PERIODIC, res.get("06").kind());
        assertEquals(300, res.get("06").periodSeconds(), 5);
        assertEquals(new OpcodeSemantics("27", null, Kind.TRIGGERED, null, "login"), res.get("27"));
        assertEquals(Kind.UNKNOWN, res.get("44").kind());
    }

    @Test
    void aBurstInsideOneEpisodeIsNotPeriodic() {
        // two flows of an hour: a heartbeat every 60 s, and a logout sent four times 50 ms apart at the end
        List<OpcodeEvent> ev = new ArrayList<>();
        for (long flow = 1; flow <= 2; flow++) {
            for (double t = 10; t < 3600; t += 60) {
                add(ev, flow, t, "02", true);
            }
            for (int i = 0; i < 4; i++) {
                add(ev, flow, 3590 + 0.05 * i, "01", true);
            }
        }
        Map<String, OpcodeSemantics> paper = correlate(ev, Parameters.defaults());
        Map<String, OpcodeSemantics> improved = correlate(ev, Parameters.improved());
        assertEquals(Kind.PERIODIC, paper.get("01").kind(), "the paper's CV test alone takes the burst for a heartbeat");
        assertEquals(Kind.UNKNOWN, improved.get("01").kind(), "periodic.min_span: four messages in 0.15 s of an hour");
        assertEquals(Kind.PERIODIC, improved.get("02").kind());
        assertEquals(60, improved.get("02").periodSeconds(), 1e-6);
    }

    private static Map<String, OpcodeSemantics> correlate(List<OpcodeEvent> ev, Parameters p) {
        return new OpcodeCorrelator(OpcodeCorrelator.Config.of(p)).correlate(ev, List.of()).stream()
                .collect(Collectors.toMap(OpcodeSemantics::opcodeHex, Function.identity()));
    }

    static void add(List<OpcodeEvent> ev, long flow, double t, String op, boolean req) {
        ev.add(new OpcodeEvent(flow, (long) (t * S), op, req ? Direction.UP : Direction.DOWN, req));
    }
}
