package org.chatdissect.core.segreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.zoo.Zoo;
import org.chatdissect.datasets.zoo.ZooProtocol;
import org.chatdissect.model.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code segment} shows a flags byte as training learns it: bit fields sharing the byte, each with its mask. */
class SegmentBitFieldsTest {
    @TempDir
    Path dir;

    @Test
    void aFlagsByteIsShownBitByBit() throws Exception {
        ZooProtocol p = ZooProtocol.draw(7); // byte 1: response bit 20, constant bits 5d = 19, bits 82 per message
        assertEquals(0x20, p.flags.response(), p.toString());
        Zoo.generate(7, dir);
        SegmentReport.Run run = SegmentReport.run(List.of(dir.resolve(Generate.PCAP)), Parameters.improved(), false,
                FlowTableConfig.defaults());
        long shown = run.messages().stream().filter(m -> m.fields().containsAll(List.of(
                new FieldRow(1, 1, FieldType.REQRESP, null, null, null, 0x20),
                new FieldRow(1, 1, FieldType.CONSTANT, null, null, null, 0x5d),
                new FieldRow(1, 1, FieldType.UNIDENTIFIED, null, null, null, 0x82)))).count();
        assertTrue(shown > 0.9 * run.messages().size(), shown + " of " + run.messages().size());
        MessageSegments m = run.messages().stream().filter(x -> x.fields().stream().anyMatch(f -> f.mask() != null))
                .findFirst().orElseThrow();
        assertEquals(1, java.util.Arrays.stream(m.boundaries()).filter(b -> b == 1).count(), "byte 1 starts once");
        assertTrue(java.util.Arrays.stream(m.boundaries()).anyMatch(b -> b == 2), "and ends at 2");
    }

    @Test
    void thePaperPresetKeepsWholeBytes() throws Exception {
        Zoo.generate(7, dir);
        SegmentReport.Run run = SegmentReport.run(List.of(dir.resolve(Generate.PCAP)), Parameters.defaults(), false,
                FlowTableConfig.defaults());
        assertTrue(run.messages().stream().allMatch(m -> m.fields().stream().allMatch(f -> f.mask() == null)));
    }
}
