package org.chatdissect.core.segreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.core.train.HeaderFormat;
import org.chatdissect.core.train.ManifestReader;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.core.train.Trainer;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Cached;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.model.FieldType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code segment} shows exactly the fields {@code train} learns: on each simulated app's controlled trace (seed 1) the
 * trainer, reading the capture with its own collector and the manifest, and the segment report, reading it with the
 * report's collector beside the trainer's, get the same formats; every typed message of the report shows the typed
 * fields of one of them (with its own boundaries where the format typed nothing), and every learnt format is shown on
 * some message. Traces are cached under {@code target/accuracy/}.
 */
@Tag("slow")
class SegmentShowsTrainedFieldsTest {
    @ParameterizedTest
    @CsvSource({"wechat,improved", "qq,improved", "qqvideo,improved", "skype,improved", "meeting,improved",
            "wechat,paper", "qq,paper", "skype,paper"})
    void theReportShowsTheFormatsTrainingLearns(String app, String preset) throws Exception {
        Path dir = Path.of("target", "accuracy", "controlled-1-" + app);
        Cached.trace(dir, Scenario.CONTROLLED, App.parse(app), 1, 0, Set.of());
        List<Path> pcap = List.of(dir.resolve("capture.pcap"));
        Parameters params = preset.equals("paper") ? Parameters.defaults() : Parameters.improved();
        List<ManifestEntry> manifest = Files.exists(dir.resolve("manifest.csv"))
                ? ManifestReader.read(dir.resolve("manifest.csv")).stream().map(ManifestReader.Line::entry).toList()
                : List.of();
        List<HeaderFormat> trained = new Trainer(params, FlowTableConfig.defaults(), ServerFilter.acceptAll())
                .train(app, pcap, manifest).headerFormats();
        SegmentReport.Run run = SegmentReport.run(pcap, params, false, FlowTableConfig.defaults());

        assertEquals(rows(trained), rows(run.formats()), app + ": the formats segment learns are train's");
        Set<List<FieldRow>> learnt = new LinkedHashSet<>();
        rows(trained).forEach(f -> learnt.add(typed(f)));
        Set<List<FieldRow>> shown = new LinkedHashSet<>();
        for (MessageSegments m : run.messages()) {
            if (m.fields().stream().anyMatch(f -> f.type() != FieldType.UNIDENTIFIED)) {
                assertTrue(learnt.contains(typed(m.fields())), app + ": " + m + " shows fields train did not learn");
                shown.add(typed(m.fields()));
            }
        }
        assertFalse(learnt.isEmpty(), app + ": nothing learnt");
        for (List<FieldRow> f : learnt) {
            assertTrue(shown.contains(f), app + ": learnt format " + f + " shown on no message");
        }
    }

    /** The typed fields: where a format typed nothing, a message shows its own boundaries. */
    private static List<FieldRow> typed(List<FieldRow> rows) {
        return rows.stream().filter(f -> f.type() != FieldType.UNIDENTIFIED).toList();
    }

    private static Set<List<FieldRow>> rows(List<HeaderFormat> formats) {
        Set<List<FieldRow>> out = new LinkedHashSet<>();
        formats.forEach(h -> out.add(FieldRow.of(h.fields())));
        return out;
    }
}
