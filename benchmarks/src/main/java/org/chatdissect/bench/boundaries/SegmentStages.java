package org.chatdissect.bench.boundaries;

import java.util.Arrays;
import java.util.List;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.ColumnBoundaries;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.core.segment.Segmenter;
import org.chatdissect.core.segment.StructureEvidence;

/**
 * The segmentation stages of {@code core.segment}, each alone or chained as the trainer chains them, over whole
 * messages (scope all; the corpus is the statistics VE learns from). These are stage ablations on an oracle corpus;
 * the command's own figure is {@link SegmentCommandBench}'s, which runs {@code chatdissect segment} itself.
 */
public final class SegmentStages {
    private SegmentStages() {}

    /** The paper's parameters over whole messages. */
    public static Parameters paperAll() {
        return Parameters.defaults().with("segment.scope", "ALL");
    }

    /** The floor to beat: a boundary every {@code width} bytes. */
    public static Segmenter fixedWidth(int width) {
        return msgs -> msgs.stream().map(m -> {
            int[] b = new int[Math.max(0, (m.length - 1) / width)];
            Arrays.setAll(b, i -> (i + 1) * width);
            return new Segmentation(m.length, b);
        }).toList();
    }

    /** ProWord's basic VE, no iteration. */
    public static Segmenter basicVe(Parameters p) {
        IterativeSegmenter ve = new IterativeSegmenter(IterativeSegmenter.Config.of(p));
        return ve::basic;
    }

    /** The paper's iterative VE (section III-A2 (i)). */
    public static Segmenter iterativeVe(Parameters p) {
        return new IterativeSegmenter(IterativeSegmenter.Config.of(p.with("segment.evidence", "false")));
    }

    /** Ours: column-entropy boundaries alone (messages aligned at byte 0; see {@link ColumnBoundaries}). */
    public static Segmenter columns(double delta, int minMessages) {
        return new ColumnBoundaries(delta, minMessages);
    }

    /** Ours: iterative VE, then column-entropy boundaries joined to its cuts. */
    public static Segmenter iterativeVeThenColumns(Parameters p, double delta, int minMessages) {
        return iterativeVe(p).then(new ColumnBoundaries(delta, minMessages));
    }

    /** Ours ({@code segment.evidence=true}): iterative VE, then structure evidence (see {@link StructureEvidence}). */
    public static Segmenter iterativeVeThenEvidence(Parameters p) {
        return iterativeVe(p).then(new StructureEvidence(p));
    }

    /** Boundaries strictly inside each message, as the scores take them. */
    static List<int[]> boundaries(List<Segmentation> segs) {
        return segs.stream().map(Segmentation::boundaries).toList();
    }
}
