package org.chatdissect.core.segment;

import java.util.List;

/**
 * A segmentation stage that starts a chain, as a tokenizer starts Lucene's analysis chain: a corpus of payloads in,
 * one {@link Segmentation} per payload out, in input order. Stages that refine a segmentation with what they see in
 * the corpus are {@link SegmentationFilter}s, composed with {@link #then}. Every implementation passes the shared
 * conformance tests ({@code SegmenterConformance}).
 */
@FunctionalInterface
public interface Segmenter {
    /** One segmentation per payload, in input order; the payloads are not modified. */
    List<Segmentation> segment(List<byte[]> payloads);

    /** This stage followed by {@code filter}, which sees the same payloads and this stage's segmentations. */
    default Segmenter then(SegmentationFilter filter) {
        return payloads -> filter.apply(payloads, segment(payloads));
    }
}
