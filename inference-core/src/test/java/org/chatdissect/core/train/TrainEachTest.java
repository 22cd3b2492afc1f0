package org.chatdissect.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several applications trained in one pass (the feedback loop's {@link Trainer#trainEach}) learn what each learns
 * trained alone on the same flows: the QQ controlled trace split in two by flow order parity.
 */
@Tag("slow")
class TrainEachTest {
    @Test
    void onePassLearnsWhatSeparateTrainingsLearn() throws Exception {
        Path dir = Path.of("target", "accuracy", "controlled-1-qq");
        Cached.trace(dir, Scenario.CONTROLLED, App.parse("qq"), 1, 0, Set.of());
        List<Path> pcap = List.of(dir.resolve("capture.pcap"));
        Parameters params = Parameters.improved();
        Map<String, Predicate<Flow>> apps = new LinkedHashMap<>();
        apps.put("even", f -> f.id % 2 == 0);
        apps.put("odd", f -> f.id % 2 == 1);
        Map<String, TrainingResult> together = new Trainer(params, FlowTableConfig.defaults(), ServerFilter.acceptAll())
                .trainEach(apps, pcap, List.of());
        assertEquals(List.copyOf(apps.keySet()), List.copyOf(together.keySet()));
        for (Map.Entry<String, Predicate<Flow>> e : apps.entrySet()) {
            TrainingResult alone = new Trainer(params, FlowTableConfig.defaults(), ServerFilter.acceptAll(), e.getValue(),
                    line -> { }).train(e.getKey(), pcap, List.of());
            TrainingResult one = together.get(e.getKey());
            assertFalse(alone.headerFormats().isEmpty(), e.getKey() + ": nothing learnt");
            assertEquals(describe(alone.headerFormats()), describe(one.headerFormats()), e.getKey());
            assertEquals(alone.keywords(), one.keywords(), e.getKey());
            assertEquals(alone.endpoints(), one.endpoints(), e.getKey());
            assertEquals(alone.stats(), one.stats(), e.getKey());
        }
    }

    /** Formats as text, opcode values included (fields hold byte arrays, which records compare by identity). */
    static List<String> describe(List<HeaderFormat> formats) {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return formats.stream().map(h -> h.name() + " " + h.flowType() + " " + h.scope() + " " + h.fields() + " "
                + h.fields().stream().map(f -> f.values().stream().map(hex::formatHex).toList()).toList() + " "
                + h.opcodes() + " " + h.servers() + " " + h.protocolShare() + " " + h.messages()).toList();
    }
}
