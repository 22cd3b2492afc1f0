package org.chatdissect.core.segreport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;
import org.junit.jupiter.api.Test;

class SegmentReportTest {
    /** UDP flows of a fixed header: constant 0-1, opcode 2 (few values), sequence 3-4, then random bytes. */
    static List<ReportFlow> flows() {
        Random r = new Random(7);
        List<ReportFlow> out = new ArrayList<>();
        long frame = 1;
        for (int f = 0; f < 6; f++) {
            List<PayloadSample> ps = new ArrayList<>();
            int seq = r.nextInt(1000);
            for (int i = 0; i < 200; i++) {
                byte[] b = new byte[16];
                r.nextBytes(b);
                b[0] = (byte) 0xa5;
                b[1] = 0x3c;
                b[2] = (byte) (1 + r.nextInt(3));
                b[3] = (byte) (seq >>> 8);
                b[4] = (byte) seq;
                seq++;
                ps.add(new PayloadSample(i % 2 == 0 ? Direction.UP : Direction.DOWN, i * 1_000_000L, frame++, b,
                        40 + r.nextInt(100), false));
            }
            out.add(new ReportFlow("flow" + f, "x.pcap", false, ps));
        }
        return out;
    }

    @Test
    void everyMessageIsReportedWithFieldsCoveringItsScope() {
        List<MessageSegments> rep = new SegmentReport(Parameters.defaults()).build(flows());
        assertEquals(1200, rep.size());
        assertEquals(1, rep.get(0).frame());
        assertEquals("flow0", rep.get(0).flow());
        for (MessageSegments m : rep) {
            int end = 0;
            for (FieldRow f : m.fields()) {
                assertEquals(end, f.offset(), m.toString());
                end = f.offset() + f.length();
            }
            assertEquals(16, end);
            assertTrue(java.util.Arrays.stream(m.boundaries()).allMatch(b -> b > 0 && b < 16));
        }
    }

    @Test
    void improvedPresetTypesTheHeader() {
        List<MessageSegments> rep = new SegmentReport(Parameters.improved()).build(flows());
        long typed = rep.stream().filter(m -> m.fields().contains(new FieldRow(0, 2, FieldType.CONSTANT))
                && m.fields().contains(new FieldRow(2, 1, FieldType.OPCODE))
                // 3-5: a 2-byte counter followed by a random byte still increases as a 3-byte number
                && m.fields().stream().anyMatch(f -> f.offset() == 3 && f.type() == FieldType.SEQUENCE)).count();
        assertTrue(typed > rep.size() / 2, "typed messages: " + typed + " e.g. " + rep.get(5).fields());
    }

    @Test
    void deterministic() {
        List<MessageSegments> a = new SegmentReport(Parameters.improved()).build(flows());
        List<MessageSegments> b = new SegmentReport(Parameters.improved()).build(flows());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).boundaries(), b.get(i).boundaries());
            assertEquals(a.get(i).fields(), b.get(i).fields());
        }
    }

    @Test
    void aFormatsUntypedBytesShowTheMessagesOwnBoundaries() {
        // a learnt format: magic 0-1, unidentified 2-5 (the messages differ there), opcode 6; the message is 12 bytes
        List<FieldRow> format = List.of(new FieldRow(0, 2, FieldType.CONSTANT), new FieldRow(2, 4, FieldType.UNIDENTIFIED),
                new FieldRow(6, 1, FieldType.OPCODE));
        Segmentation own = new Segmentation(12, new int[] {1, 3, 5, 9});
        List<FieldRow> rows = SegmentReport.withOwnBoundaries(format, own);
        assertEquals(List.of(new FieldRow(0, 2, FieldType.CONSTANT), new FieldRow(2, 1, FieldType.UNIDENTIFIED),
                new FieldRow(3, 2, FieldType.UNIDENTIFIED), new FieldRow(5, 1, FieldType.UNIDENTIFIED),
                new FieldRow(6, 1, FieldType.OPCODE), new FieldRow(7, 2, FieldType.UNIDENTIFIED),
                new FieldRow(9, 3, FieldType.UNIDENTIFIED)), rows,
                "typed fields as learnt; VE's cut at 1 inside the magic is not shown; its cuts at 3, 5 and 9 are");
    }
}
