package org.chatdissect.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.datasets.net.PcapSplitter;
import org.chatdissect.match.classify.AssociationTable;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.SignatureSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Spark job (shared local[2] session) over a cut operator capture gives the single-file tables. */
@Tag("slow")
class SparkClassifierTest {
    @Test
    void sparkRunOverPiecesEqualsTheSingleFileRun() throws Exception {
        Path capture = TestData.operator(FragmentMergeTest.SIZE);
        int n = new PcapSplitter(capture).packets.size();
        check(FlowTableConfig.defaults(), AssociationTable.DEFAULT_IDLE_NANOS, Cuts.random(n, 10, 1234), "spark");
    }

    /**
     * {@code classify --association-idle} reaches the Spark engine. One file, so the endpoint associations (which live
     * in one flow table) are kept: with a 1 ns association lifetime (no association lives to be used), which changes the local engine's flows.jsonl on
     * this trace, the Spark run equals the local run with the same lifetime.
     */
    @Test
    void sparkRunTakesTheAssociationIdleTime() throws Exception {
        List<SignatureSet> sets = new java.util.ArrayList<>();
        for (String app : TestData.APPS) {
            sets.add(TestData.signatures(app));
        }
        CompiledSignatures sigs = CompiledSignatures.compile(sets);
        Path capture = TestData.operator(FragmentMergeTest.SIZE);
        Path dir = TestData.ROOT.resolve("spark-idle");
        long oneNano = 1;
        FlowTableConfig config = FlowTableConfig.defaults();
        new Classifier(sigs, config, 1, null).run(List.of(capture), dir.resolve("default"));
        ClassificationResult want = new Classifier(sigs, config, 1, null, oneNano).run(List.of(capture), dir.resolve("ref"));
        assertNotEquals(-1L, Files.mismatch(dir.resolve("default/flows.jsonl"), dir.resolve("ref/flows.jsonl")),
                "premise: the association lifetime changes the classification of this trace");
        ClassificationResult got = new SparkClassifier(SparkTestSession.get(), sets, config, oneNano, 2)
                .run(List.of(capture.toString()), dir.resolve("out").toString());
        Equivalence.assertSame(dir.resolve("ref"), capture.toString(), dir.resolve("out"), List.of(capture));
        assertEquals(want.flows(), got.flows());
    }

    @Test
    void sparkRunWithACutAtAnExactTcpTimeoutEqualsTheSingleFileRun() throws Exception {
        Path capture = TestData.operator(FragmentMergeTest.SIZE);
        long[] g = Cuts.gap(capture, true, 1_000, 20_000);
        int n = new PcapSplitter(capture).packets.size();
        List<Integer> cuts = new java.util.ArrayList<>(Cuts.random(n, 8, 77));
        cuts.add((int) g[0]);
        FlowTableConfig d = FlowTableConfig.defaults();
        check(new FlowTableConfig(g[1], 1_000_000_000L, d.tcpClosingTimeoutNanos(), d.maxFlows(), d.maxBufferedBytes(),
                d.maxBufferedSegments()), AssociationTable.DEFAULT_IDLE_NANOS, cuts, "spark-edge");
    }

    private static void check(FlowTableConfig config, long associationIdle, List<Integer> cuts, String name)
            throws Exception {
        List<SignatureSet> sets = TestData.signatures();
        CompiledSignatures sigs = CompiledSignatures.compile(sets);
        Path capture = TestData.operator(FragmentMergeTest.SIZE);
        Path dir = TestData.ROOT.resolve(name);
        List<Path> pieces = new PcapSplitter(capture).split(dir.resolve("pieces"), cuts);
        Path ref = dir.resolve("ref");
        ClassificationResult want = new Classifier(sigs, config, 1, null, associationIdle).run(List.of(capture), ref);
        Path out = dir.resolve("out");
        long t0 = System.nanoTime();
        ClassificationResult got = new SparkClassifier(SparkTestSession.get(), sets, config, associationIdle, 2)
                .run(List.of(dir.resolve("pieces").toString()), out.toString());
        System.out.printf("spark run over %d pieces: %.1f s%n", pieces.size(), (System.nanoTime() - t0) / 1e9);
        Equivalence.assertSame(ref, capture.toString(), out, pieces);
        assertEquals(want.flows(), got.flows());
        assertEquals(pieces.size(), got.files().size());
    }
}
