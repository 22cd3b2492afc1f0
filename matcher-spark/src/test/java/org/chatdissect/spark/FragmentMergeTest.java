package org.chatdissect.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.datasets.net.PcapSplitter;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.SignatureSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The map and merge sides without Spark: an operator capture cut into pieces at arbitrary packets (and at exact
 * timeout edges) gives, after fragments are merged, the flows, tasks, users and totals of the uncut capture.
 */
@Tag("slow")
class FragmentMergeTest {
    static final String SIZE = "4m";

    static void check(FlowTableConfig config, List<Integer> cuts, String name) throws Exception {
        List<SignatureSet> sets = TestData.signatures();
        CompiledSignatures sigs = CompiledSignatures.compile(sets);
        Path capture = TestData.operator(SIZE);
        Path dir = TestData.ROOT.resolve(name);
        List<Path> pieces = new PcapSplitter(capture).split(dir.resolve("pieces"), cuts);
        Path ref = dir.resolve("ref");
        new Classifier(sigs, config, 1, null).run(List.of(capture), ref);
        Path out = dir.resolve("out");
        Equivalence.inProcess(sigs, sets, config, FileClassifier.Limits.defaults(sigs, sets), pieces, out);
        Equivalence.assertSame(ref, capture.toString(), out, pieces);
        // not vacuous: flows were cut by file edges and rebuilt by replay
        assertTrue(Equivalence.lastJoined > 0, name + ": no flow crossed a file edge");
        System.out.println(name + ": " + pieces.size() + " pieces, " + Equivalence.lastFragments + " fragments, "
                + Equivalence.lastJoined + " multi-file groups replayed");
    }

    @Test
    void randomCutsGiveTheSingleFileTables() throws Exception {
        Path capture = TestData.operator(SIZE);
        int n = new PcapSplitter(capture).packets.size();
        check(FlowTableConfig.defaults(), Cuts.random(n, 10, 42), "random");
    }

    @Test
    void withoutEdgeScanEveryTupleLogsAndTheTablesAreTheSame() throws Exception {
        Path capture = TestData.operator(SIZE);
        int n = new PcapSplitter(capture).packets.size();
        Equivalence.useEdgeScan = false;
        try {
            check(FlowTableConfig.defaults(), Cuts.random(n, 10, 42), "no-edge-scan");
        } finally {
            Equivalence.useEdgeScan = true;
        }
    }

    @Test
    void manyTinyPiecesGiveTheSingleFileTables() throws Exception {
        // pieces far shorter than the TCP timeout: most flows cross several files
        Path capture = TestData.operator(SIZE);
        int n = new PcapSplitter(capture).packets.size();
        check(FlowTableConfig.defaults(), Cuts.random(n, 40, 7), "tiny");
    }

    @Test
    void pastTheLogBoundCountersStillJoinExactly() throws Exception {
        // a 20-packet log bound: long fragments overflow and are joined by their counters (approximate verdicts)
        List<SignatureSet> sets = TestData.signatures();
        CompiledSignatures sigs = CompiledSignatures.compile(sets);
        Path capture = TestData.operator(SIZE);
        int n = new PcapSplitter(capture).packets.size();
        Path dir = TestData.ROOT.resolve("overflow");
        List<Path> pieces = new PcapSplitter(capture).split(dir.resolve("pieces"), Cuts.random(n, 10, 5));
        FlowTableConfig config = FlowTableConfig.defaults();
        new Classifier(sigs, config, 1, null).run(List.of(capture), dir.resolve("ref"));
        FileClassifier.Limits small = new FileClassifier.Limits(20, FileClassifier.Limits.headerBytes(sets), 64 * 1024);
        Equivalence.inProcess(sigs, sets, config, small, pieces, dir.resolve("out"));
        Equivalence.assertSameCounters(dir.resolve("ref"), capture.toString(), dir.resolve("out"), pieces);
    }

    @Test
    void shortTimeoutsExpireFlowsAcrossFileEdges() throws Exception {
        // with timeouts shorter than a piece, flows end by idle inside pieces and across edges, and most
        // flows of a piece are interior (final on the map side)
        Path capture = TestData.operator(SIZE);
        int n = new PcapSplitter(capture).packets.size();
        FlowTableConfig d = FlowTableConfig.defaults();
        check(new FlowTableConfig(3_000_000_000L, 1_000_000_000L, 2_000_000_000L, d.maxFlows(), d.maxBufferedBytes(),
                d.maxBufferedSegments()), Cuts.random(n, 12, 99), "short");
    }

    @Test
    void cutAtAnExactTcpTimeoutJoinsAndOneNanosecondLessSplits() throws Exception {
        Path capture = TestData.operator(SIZE);
        // the 4 MB trace spans 23.5 s: look for a TCP pause of 1-20 s and make it the TCP timeout
        long[] g = Cuts.gap(capture, true, 1_000, 20_000);
        int n = new PcapSplitter(capture).packets.size();
        List<Integer> cuts = new ArrayList<>(Cuts.random(n, 6, 3));
        cuts.add((int) g[0]);
        FlowTableConfig d = FlowTableConfig.defaults();
        // idle means strictly longer than the timeout: a gap equal to it keeps the flow
        check(new FlowTableConfig(g[1], d.udpIdleTimeoutNanos(), d.tcpClosingTimeoutNanos(), d.maxFlows(),
                d.maxBufferedBytes(), d.maxBufferedSegments()), cuts, "edge-join");
        check(new FlowTableConfig(g[1] - 1, d.udpIdleTimeoutNanos(), d.tcpClosingTimeoutNanos(), d.maxFlows(),
                d.maxBufferedBytes(), d.maxBufferedSegments()), cuts, "edge-split");
        assertTrue(g[1] > 0);
    }
}
