package org.chatdissect.bench.boundaries;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.ColumnBoundaries;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.core.segreport.MessageSegments;
import org.chatdissect.core.segreport.ReportFlow;
import org.chatdissect.core.segreport.SegmentReport;
import org.chatdissect.model.Direction;

/**
 * chatdissect's segmenters as the boundary benchmark sees them: every message of a corpus whole (scope all), the
 * corpus being the statistics VE learns from.
 */
public final class ChatDissectSegmenters {
    private ChatDissectSegmenters() {}

    /** The paper's parameters over whole messages. */
    public static Parameters paperAll() {
        return Parameters.defaults().with("segment.scope", "ALL");
    }

    /** ProWord's basic VE, no iteration. */
    public static Segmenter basicVe(Parameters p) {
        return msgs -> toArrays(new IterativeSegmenter(IterativeSegmenter.Config.of(p)).basic(msgs));
    }

    /** The paper's iterative VE (section III-A2 (i)). */
    public static Segmenter iterativeVe(Parameters p) {
        return msgs -> toArrays(new IterativeSegmenter(IterativeSegmenter.Config.of(p)).segment(msgs));
    }

    /**
     * Our improvement for variable binary protocols: the paper's iterative VE joined with column-entropy boundaries
     * (messages aligned at byte 0; see {@link ColumnBoundaries}).
     */
    public static Segmenter iterativeVeWithColumns(Parameters p, double delta, int minMessages) {
        return msgs -> {
            List<Segmentation> ve = new IterativeSegmenter(IterativeSegmenter.Config.of(p)).segment(msgs);
            return toArrays(new ColumnBoundaries(delta, minMessages).apply(new IterativeSegmenter(IterativeSegmenter.Config.of(p)).scoped(msgs), ve));
        };
    }

    /**
     * Our improvement ({@code segment.evidence=true}): the paper's iterative VE joined with structure evidence
     * (columns, small numbers, strings, opaque data, TLV chains; see {@link org.chatdissect.core.segment.StructureEvidence}).
     */
    public static Segmenter iterativeVeWithEvidence(Parameters p) {
        return msgs -> toArrays(new IterativeSegmenter(IterativeSegmenter.Config.of(p.with("segment.evidence", "true"))).segment(msgs));
    }

    /** Column-entropy boundaries alone, to show what each half contributes. */
    public static Segmenter columnsOnly(double delta, int minMessages) {
        return msgs -> toArrays(new ColumnBoundaries(delta, minMessages).segment(msgs));
    }

    /**
     * The whole segment report (VE, grouping, field types; refinement under the improved preset): the corpus is
     * one UDP flow, each message one packet, boundaries as the report gives them.
     */
    public static Segmenter report(Parameters p) {
        return msgs -> {
            List<PayloadSample> ps = new ArrayList<>(msgs.size());
            for (int i = 0; i < msgs.size(); i++) {
                byte[] m = msgs.get(i);
                ps.add(new PayloadSample(i % 2 == 0 ? Direction.UP : Direction.DOWN, i * 1_000_000L, i + 1, m,
                        m.length, false));
            }
            List<MessageSegments> rep = new SegmentReport(p).build(List.of(new ReportFlow("corpus", "", false, ps)));
            List<int[]> out = new ArrayList<>(rep.size());
            for (int i = 0; i < rep.size(); i++) {
                int len = msgs.get(i).length;
                out.add(java.util.Arrays.stream(rep.get(i).boundaries()).filter(b -> b < len).toArray());
            }
            return out;
        };
    }

    private static List<int[]> toArrays(List<Segmentation> segs) {
        return segs.stream().map(Segmentation::boundaries).toList();
    }
}
