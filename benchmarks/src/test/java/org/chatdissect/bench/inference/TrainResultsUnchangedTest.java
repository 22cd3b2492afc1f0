package org.chatdissect.bench.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.fieldtype.FormatLearner.FlowPackets;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.Segmentation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Speed work on VE and the trainer stages must not change what they compute: on a fixed synthetic corpus the
 * segmentations and the learnt format are compared with {@code src/test/resources/golden/train-results.txt}, a
 * readable summary (per VE variant: how many messages get each segmentation, the 25 most frequent listed, and an
 * order fingerprint), so that a failure's diff says what moved. After an intended change, rerun with
 * {@code -Dgolden.update=true} and review the diff.
 */
@Tag("slow")
class TrainResultsUnchangedTest {
    static final List<FlowPackets> FLOWS = SyntheticWTcp.flows(20_000, 500, 3);
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "train-results.txt");

    static List<byte[]> prefixes() {
        List<byte[]> out = new ArrayList<>();
        for (FlowPackets f : FLOWS) {
            for (PayloadSample p : f.packets()) {
                out.add(p.prefix());
            }
        }
        return out;
    }

    static String summary(String name, List<Segmentation> segs) {
        Map<String, Integer> counts = new TreeMap<>();
        long order = 1;
        for (Segmentation s : segs) {
            counts.merge(Arrays.toString(s.boundaries()), 1, Integer::sum);
            order = order * 1_000_003L + s.hashCode();
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(counts.entrySet());
        top.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        StringBuilder sb = new StringBuilder();
        sb.append(name).append(": ").append(segs.size()).append(" messages, ").append(counts.size())
                .append(" distinct segmentations, order ").append(Long.toHexString(order)).append('\n');
        for (var e : top.subList(0, Math.min(25, top.size()))) {
            sb.append(name).append("   ").append(e.getKey()).append(" x").append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void segmentationsAndTheLearntFormatAreUnchanged() throws Exception {
        List<byte[]> p = prefixes();
        String got = summary("paper iterative VE", new IterativeSegmenter(IterativeSegmenter.Config.of(Parameters.defaults())).segment(p))
                + summary("global iteration", new IterativeSegmenter(IterativeSegmenter.Config.of(Parameters.defaults()
                        .with("segment.iteration", "global"))).segment(p))
                + summary("basic VE", new IterativeSegmenter(IterativeSegmenter.Config.of(Parameters.defaults())).basic(p))
                + "learnt format (improved): " + new FormatLearner(Parameters.improved()).learn(FLOWS).fields() + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, got, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), got, "VE or format learning changed: " + GOLDEN);
    }
}
