package org.chatdissect.core.segment;

import org.chatdissect.core.params.Parameters;
import org.junit.jupiter.api.Nested;

/** Each segmentation stage of the project, and the chains the presets and the benchmarks build, against the contract. */
class SegmenterConformanceTest {
    @Nested
    class PaperIterativeVe extends SegmenterConformance {
        @Override
        Segmenter segmenter() {
            return new IterativeSegmenter(IterativeSegmenter.Config.of(Parameters.defaults()));
        }

        @Override
        int scope() {
            return Parameters.defaults().segmentScope();
        }
    }

    @Nested
    class WholeMessagesWithStructureEvidence extends SegmenterConformance {
        @Override
        Segmenter segmenter() {
            return new IterativeSegmenter(IterativeSegmenter.Config.of(Parameters.improved()
                    .with("segment.scope", "ALL").with("segment.evidence", "true")));
        }
    }

    @Nested
    class ColumnsAlone extends SegmenterConformance {
        @Override
        Segmenter segmenter() {
            return new ColumnBoundaries(0.3, 5);
        }
    }

    @Nested
    class VeThenColumnsThenEvidence extends SegmenterConformance {
        @Override
        Segmenter segmenter() {
            Parameters p = Parameters.defaults().with("segment.scope", "ALL");
            return new IterativeSegmenter(IterativeSegmenter.Config.of(p)).then(new ColumnBoundaries(0.3, 5))
                    .then(new StructureEvidence(p));
        }
    }
}
