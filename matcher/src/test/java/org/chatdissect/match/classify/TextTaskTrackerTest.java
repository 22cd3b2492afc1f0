package org.chatdissect.match.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.junit.jupiter.api.Test;

/** Flow rule and message decomposition of text flows ({@link TextTaskTracker}). */
class TextTaskTrackerTest {
    private final CompiledSignatures cs = CompiledSignatures.compile(SignatureSet.of(List.of(
            new Signature("other", "TCP", FlowType.TCP, 16, Status.REVIEWED, List.of(
                    new org.chatdissect.model.FieldSpec(0, 4, org.chatdissect.model.FieldType.CONSTANT, null,
                            List.of("00100001"), null, null)), null, null, null, null),
            new Signature("meeting", "TEXT", FlowType.TCP, 64, Status.REVIEWED, null, null, List.of(
                    new Keyword(KeywordField.TEXT_LINE, "create room", 0.3, null),
                    new Keyword(KeywordField.TEXT_LINE, "set admin", 0.1, "manage_meeting", "meeting control"),
                    new Keyword(KeywordField.TEXT_LINE, "clients", 0.2, null),
                    new Keyword(KeywordField.TEXT_LINE, "audio recv", 0.2, null)), null, null))));

    private static void feed(TextTaskTracker t, Direction d, long frame, String s) {
        feed(t, d, frame, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void feed(TextTaskTracker t, Direction d, long frame, byte[] p) {
        t.onPayload(d, frame * 1_000_000L, frame, p, 0, p.length, p.length);
    }

    @Test
    void controlRequestsPairWithRepliesInOrderAndUnaskedRepliesArePushes() {
        TextTaskTracker t = new TextTaskTracker(cs.text());
        feed(t, Direction.UP, 4, "create room\r\n\r\n1");
        feed(t, Direction.DOWN, 5, "create room\r\n\r\n123");
        feed(t, Direction.UP, 6, "set admin\r\n\r\n10.0.0.3");
        feed(t, Direction.DOWN, 7, "set admin\r\n\r\nok");
        feed(t, Direction.DOWN, 8, "clients\r\n\r\nip 10.0.0.2\r\nip 10.0.0.3");
        assertEquals(cs.apps().indexOf("meeting"), t.app());
        assertEquals("TEXT", t.signature());
        List<TaskRecord> tasks = t.tasks(cs, t.app());
        assertEquals(3, tasks.size());
        TaskRecord create = tasks.get(0);
        assertEquals(4, create.frame());
        assertEquals("create room", create.task()); // no task learnt: named by its line
        assertNull(create.kind());
        assertNull(create.opcode());
        assertEquals(16, create.requestBytes());
        assertEquals(18, create.responseBytes());
        assertEquals(16, create.bytesUp());
        assertEquals(18, create.bytesDown());
        assertEquals("manage_meeting", tasks.get(1).task());
        assertEquals("meeting control", tasks.get(1).service(), "a named text task has its keyword's service");
        assertNull(create.service());
        assertEquals("user", tasks.get(1).kind());
        assertEquals("clients", tasks.get(2).task());
        assertEquals("push", tasks.get(2).kind());
        assertEquals(0, tasks.get(2).bytesUp());
    }

    @Test
    void dataAfterARegistrationIsItsReply() {
        TextTaskTracker t = new TextTaskTracker(cs.text());
        feed(t, Direction.UP, 4, "audio recv\r\n\r\n123");
        for (int f = 5; f < 8; f++) {
            feed(t, Direction.DOWN, f, new byte[1460]);
        }
        List<TaskRecord> tasks = t.tasks(cs, t.app());
        assertEquals(1, tasks.size());
        assertEquals("audio recv", tasks.get(0).task());
        assertEquals(3 * 1460, tasks.get(0).responseBytes());
        assertEquals(7_000_000L, tasks.get(0).endNanos());
    }

    @Test
    void aFlowWhoseFirstPayloadIsNoTextLineIsNotLookedAtAgain() {
        TextTaskTracker t = new TextTaskTracker(cs.text());
        feed(t, Direction.UP, 4, new byte[] {0, 0x10, 0, 1, 2, 3});
        feed(t, Direction.UP, 5, "create room\r\n\r\n1");
        assertEquals(-1, t.app());
        assertNull(t.signature());
        assertTrue(t.tasks(cs, t.app()).isEmpty());
    }
}
