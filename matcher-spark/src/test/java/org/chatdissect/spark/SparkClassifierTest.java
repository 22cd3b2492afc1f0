package org.chatdissect.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.datasets.net.PcapSplitter;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.store.model.SignatureSet;
import org.junit.jupiter.api.Test;

/** The Spark job (shared local[2] session) over a cut operator capture gives the single-file tables. */
class SparkClassifierTest {
    @Test
    void sparkRunOverPiecesEqualsTheSingleFileRun() throws Exception {
        Path capture = TestData.operator(FragmentMergeTest.SIZE);
        int n = new PcapSplitter(capture).packets.size();
        check(FlowTableConfig.defaults(), Cuts.random(n, 10, 1234), "spark");
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
                d.maxBufferedSegments()), cuts, "spark-edge");
    }

    private static void check(FlowTableConfig config, List<Integer> cuts, String name) throws Exception {
        List<SignatureSet> sets = TestData.signatures();
        CompiledSignatures sigs = CompiledSignatures.compile(sets);
        Path capture = TestData.operator(FragmentMergeTest.SIZE);
        Path dir = TestData.ROOT.resolve(name);
        List<Path> pieces = new PcapSplitter(capture).split(dir.resolve("pieces"), cuts);
        Path ref = dir.resolve("ref");
        ClassificationResult want = new Classifier(sigs, config, 1, null).run(List.of(capture), ref);
        Path out = dir.resolve("out");
        long t0 = System.nanoTime();
        ClassificationResult got = new SparkClassifier(SparkTestSession.get(), sets, config, 2)
                .run(List.of(dir.resolve("pieces").toString()), out.toString());
        System.out.printf("spark run over %d pieces: %.1f s%n", pieces.size(), (System.nanoTime() - t0) / 1e9);
        Equivalence.assertSame(ref, capture.toString(), out, pieces);
        assertEquals(want.flows(), got.flows());
        assertEquals(pieces.size(), got.files().size());
    }
}
