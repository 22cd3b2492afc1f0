package org.chatdissect.core.segment;

import java.util.List;

/**
 * A stage that refines segmentations with evidence from the whole corpus (Lucene's token filter): structure evidence,
 * column boundaries. {@code segs.get(i)} segments {@code corpus.get(i)}; the result has one segmentation per payload,
 * in order, each as long as the one it refines.
 */
@FunctionalInterface
public interface SegmentationFilter {
    List<Segmentation> apply(List<byte[]> corpus, List<Segmentation> segs);
}
