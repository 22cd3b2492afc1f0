package org.chatdissect.bench.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
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
 * segmentations (as a digest) and the learnt format are pinned to the values of the code before optimisation.
 */
@Tag("slow")
class TrainResultsUnchangedTest {
    static final List<FlowPackets> FLOWS = SyntheticWTcp.flows(20_000, 500, 3);

    static List<byte[]> prefixes() {
        List<byte[]> out = new ArrayList<>();
        for (FlowPackets f : FLOWS) {
            for (PayloadSample p : f.packets()) {
                out.add(p.prefix());
            }
        }
        return out;
    }

    static long digest(List<Segmentation> segs) {
        long h = 1;
        for (Segmentation s : segs) {
            h = h * 1_000_003L + s.hashCode();
        }
        return h;
    }

    @Test
    void iterativeVeUnchanged() {
        List<byte[]> p = prefixes();
        assertEquals(GOLDEN_PAPER, digest(new IterativeSegmenter(Parameters.defaults()).segment(p)), "paper iterative VE");
        assertEquals(GOLDEN_GLOBAL, digest(new IterativeSegmenter(Parameters.defaults().with("segment.iteration", "global"))
                .segment(p)), "global iteration");
        assertEquals(GOLDEN_BASIC, digest(new IterativeSegmenter(Parameters.defaults()).basic(p)), "basic VE");
    }

    @Test
    void learntFormatUnchanged() {
        assertEquals(GOLDEN_FORMAT, new FormatLearner(Parameters.improved()).learn(FLOWS).fields().toString());
    }

    static final long GOLDEN_PAPER = -442167316065914958L;
    static final long GOLDEN_GLOBAL = 909778177075533099L;
    static final long GOLDEN_BASIC = -1762979185045860089L;
    static final String GOLDEN_FORMAT = "[0-3 length big +0 <=65536, 4-7 constant 00100001, 8-10 reqresp 000000/3b9aca, 11 opcode x40, 12-15 sequence big]";
}
