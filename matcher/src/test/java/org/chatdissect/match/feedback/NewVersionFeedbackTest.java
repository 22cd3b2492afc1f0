package org.chatdissect.match.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.zoo.Zoo;
import org.chatdissect.datasets.zoo.ZooProtocol;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.train.Training;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new client version fed back: signatures trained on a zoo protocol's version-0 capture, the feedback loop run on a
 * capture of version 1 (its version field's last byte bumped). With a version tolerance of one byte the loop proposes
 * the new version number as a reviewable value of the constant that holds it; exact matching proposes nothing of it.
 */
class NewVersionFeedbackTest {
    @TempDir
    Path dir;

    @Test
    void theNewVersionNumberIsProposedForReview() throws Exception {
        ZooProtocol p = ZooProtocol.draw(1);
        assertEquals("udp:2518 [0-1 MAGIC, 2-3 VERSION, 4 OPCODE, 5-6 LENGTH le]", p.toString(),
                "premise: the generator still draws this layout for seed 1");
        SignatureSet trained = trainVersion0(1);
        Path v1 = dir.resolve("v1");
        String newVersion = HexFormat.of().formatHex(p.versionValue(1));

        FeedbackResult exact = new FeedbackLoop(options(0)).run(trained, List.of(v1.resolve(Generate.PCAP)),
                dir.resolve("work-0"), r -> { });
        assertTrue(exact.rounds().stream().flatMap(r -> r.additions().stream())
                .noneMatch(a -> a.kind() == Addition.Kind.VALUE), "exact matching proposes no value");

        FeedbackResult tolerant = new FeedbackLoop(options(1)).run(trained, List.of(v1.resolve(Generate.PCAP)),
                dir.resolve("work-1"), r -> { });
        List<Addition> values = tolerant.rounds().stream().flatMap(r -> r.additions().stream())
                .filter(a -> a.kind() == Addition.Kind.VALUE).toList();
        assertTrue(!values.isEmpty(), "no value proposed: " + tolerant.rounds());
        Signature s = tolerant.signatures().signatures().stream().filter(Signature::isHeaderSignature).findFirst()
                .orElseThrow();
        assertEquals(Status.UNREVIEWED, s.status());
        // the constant covering the version field now lists the new version's bytes beside the learnt ones
        FieldSpec holder = s.fields().stream().filter(f -> f.type() == FieldType.CONSTANT && f.offset() <= 2
                && f.end() >= 4).findFirst().orElseThrow(() -> new AssertionError(s.fields().toString()));
        assertEquals(2, holder.values().size(), holder.toString());
        assertTrue(holder.values().stream().anyMatch(v -> v.substring(2 * (2 - holder.offset()), 2 * (4 - holder.offset()))
                .equals(newVersion)), holder + " lacks version " + newVersion);
        assertTrue(values.get(0).line().startsWith("+ value zoo/"), values.get(0).line());
    }

    /**
     * A flags byte's constant bits are compared as bits: a new version proposes its version number and nothing for
     * the flags byte, whose other bits vary from message to message.
     */
    @Test
    void aFlagsByteProposesNoValue() throws Exception {
        ZooProtocol p = ZooProtocol.draw(19);
        assertEquals("tcp:26385 [0-3 MAGIC, 4 FLAGS response 04 constant 5b=19, 5-8 SEQUENCE le, 9-10 LENGTH be +11, "
                + "11-12 VERSION, 13 REQRESP, 14 OPCODE]", p.toString(), "premise: the layout of seed 19");
        SignatureSet trained = trainVersion0(19);
        Path v1 = dir.resolve("v1");
        Signature t = trained.signatures().stream().filter(Signature::isHeaderSignature).findFirst().orElseThrow();
        assertTrue(t.fields().stream().anyMatch(f -> f.offset() == 4 && f.isBitField()
                && f.type() == FieldType.CONSTANT), "premise: byte 4 learnt bit by bit: " + t.fields());
        FeedbackResult tolerant = new FeedbackLoop(options(1)).run(trained, List.of(v1.resolve(Generate.PCAP)),
                dir.resolve("work-1"), r -> { });
        List<Addition> values = tolerant.rounds().stream().flatMap(r -> r.additions().stream())
                .filter(a -> a.kind() == Addition.Kind.VALUE).toList();
        assertTrue(values.stream().anyMatch(a -> a.line().contains("bytes 11-12")), values.toString());
        assertTrue(values.stream().noneMatch(a -> a.line().contains("bytes 4-4")), values.toString());
        Signature s = tolerant.signatures().signatures().stream().filter(Signature::isHeaderSignature).findFirst()
                .orElseThrow();
        assertTrue(s.fields().stream().filter(f -> f.offset() == 4).allMatch(FieldSpec::isBitField), s.fields()
                .toString());
    }

    /** Signatures trained on the seed's version-0 capture; {@code dir/v1} then holds a capture of version 1. */
    private SignatureSet trainVersion0(long seed) throws Exception {
        Path v0 = dir.resolve("v0");
        Zoo.generate(seed, v0);
        Zoo.generate(seed, dir.resolve("v1"), 1, 0);
        return Training.run("zoo", List.of(v0.resolve(Generate.PCAP)), v0.resolve("manifest.csv"), Parameters.improved(),
                FlowTableConfig.defaults(), ServerFilter.acceptAll(), l -> { }, "test").signatures();
    }

    private static FeedbackOptions options(int tolerance) {
        return new FeedbackOptions(Parameters.improved(), FlowTableConfig.defaults(), 1, 2, List.of(), "test", tolerance);
    }
}
