package org.chatdissect.bench.boundaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.chatdissect.core.segment.Segmenter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On the shared real captures, iterative VE joined with column evidence must beat the every-2-bytes floor in mean F1
 * over the protocols, iterative VE joined with structure evidence ({@code segment.evidence}) must beat both by a clear
 * margin (the published Netzob figure, 0.47, sits 0.07 above the floor) and stay at its measured mean F1 (just under
 * 0.733), and every segmenter must be deterministic.
 * Skips when tshark or the captures are missing.
 */
@Tag("slow")
class BoundaryBenchTest {
    /** How far above the floor structure evidence must be: Netzob's published mean F1 minus the floor's, about. */
    static final double MARGIN = 0.07;
    /**
     * Structure evidence's mean F1 (0.733 when written: the third round's zero-byte cuts, length sums, repeated
     * headers and flat option chains on top of 0.706 for length fields, repeated records, constant bytes, zero runs).
     */
    static final double EVIDENCE_FLOOR = 0.73;

    @Test
    void bestSegmenterBeatsTheFloorDeterministically() throws Exception {
        assumeTrue(Files.isDirectory(TsharkFieldTruthTest.captures()), "shared captures missing: skipping");
        assumeTrue(TsharkFieldTruthTest.tsharkAvailable(), "tshark missing: skipping");
        Map<BoundaryCorpus, List<DissectedMessage>> corpora = BoundaryBench.loadCorpora(TsharkFieldTruthTest.captures());
        assumeTrue(corpora.size() >= 5, "too few protocols in the shared captures: " + corpora.keySet());

        Segmenter floor = SegmentStages.fixedWidth(2);
        Segmenter best = SegmentStages.iterativeVeThenColumns(SegmentStages.paperAll(),
                BoundaryBench.COLUMN_DELTA, BoundaryBench.COLUMN_MIN_MESSAGES);
        Segmenter evidence = SegmentStages.iterativeVeThenEvidence(SegmentStages.paperAll());
        double floorF1 = 0;
        double bestF1 = 0;
        double evidenceF1 = 0;
        for (List<DissectedMessage> truth : corpora.values()) {
            floorF1 += BoundaryBench.score(floor, truth).f1() / corpora.size();
            bestF1 += BoundaryBench.score(best, truth).f1() / corpora.size();
            evidenceF1 += BoundaryBench.score(evidence, truth).f1() / corpora.size();

            List<byte[]> msgs = truth.stream().map(DissectedMessage::payload).toList();
            for (Segmenter s : BoundaryBench.segmenters().values()) {
                assertEquals(s.segment(msgs), s.segment(msgs));
            }
        }
        assertTrue(bestF1 > floorF1, String.format("mean F1 %.3f does not beat the floor %.3f", bestF1, floorF1));
        assertTrue(evidenceF1 >= floorF1 + MARGIN && evidenceF1 > bestF1 && evidenceF1 >= EVIDENCE_FLOOR,
                String.format("evidence: mean F1 %.3f, floor %.3f, VE + columns %.3f", evidenceF1, floorF1, bestF1));
    }
}
