package org.chatdissect.match.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeMap;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.junit.jupiter.api.Test;

/** UDP tasks message by message: runs of one signature and opcode, cut by a gap, kept apart from other labels. */
class UdpTaskTrackerTest {
    static final long S = 1_000_000_000L;

    static final org.chatdissect.match.compile.HeaderMatcher M = matcher();

    static UdpTaskTracker tracker() {
        return new UdpTaskTracker(M);
    }

    /** OICQ-like: magic 02, reqresp byte (00 request, 01 response), opcode; and a second signature without opcode. */
    static org.chatdissect.match.compile.HeaderMatcher matcher() {
        TreeMap<String, OpcodeInfo> ops = new TreeMap<>();
        ops.put("16", OpcodeInfo.user("send_im", "instant messaging"));
        ops.put("02", OpcodeInfo.user("keep_alive", "system"));
        Signature im = new Signature("qq", "UDP", FlowType.UDP, 4, Status.REVIEWED, List.of(
                FieldSpec.constant(0, 2, "02aa"), FieldSpec.reqresp(2, 1, "00", "01"), FieldSpec.opcode(3, 1, "16",
                        "02", "30")), ops, null, null, null);
        Signature media = new Signature("qq", "MEDIA", FlowType.UDP, 3, Status.REVIEWED, List.of(
                FieldSpec.constant(0, 3, "beefed")), null, null, null, null);
        return CompiledSignatures.compile(SignatureSet.of(List.of(im, media))).udp();
    }

    /** A packet as the classifier hands it on: with its first matching signature (UdpFlowRule's match). */
    static void feed(UdpTaskTracker t, Direction dir, long ts, long frame, byte[] p, int wireLen) {
        t.onPayload(dir, ts, frame, M.first(p, 0, p.length), p, 0, p.length, wireLen);
    }

    static byte[] im(int rr, int opcode) {
        return new byte[] {0x02, (byte) 0xaa, (byte) rr, (byte) opcode, 9, 9, 9, 9};
    }

    static final byte[] MEDIA = {(byte) 0xbe, (byte) 0xef, (byte) 0xed, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void aRequestAndItsAnswerAreOneTaskAndEachHeartbeatItsOwn() {
        UdpTaskTracker t = tracker();
        feed(t, Direction.UP, 0, 1, im(0, 0x16), 50);
        feed(t, Direction.DOWN, S / 10, 2, im(1, 0x16), 40);
        feed(t, Direction.UP, 30 * S, 3, im(0, 0x02), 30);
        feed(t, Direction.DOWN, 30 * S + S / 10, 4, im(1, 0x02), 20);
        feed(t, Direction.UP, 60 * S, 5, im(0, 0x02), 30);
        feed(t, Direction.UP, 61 * S, 6, im(0, 0x30), 10);
        List<TaskRecord> got = t.tasks(0);
        assertEquals(List.of(
                new TaskRecord(1, 0, S / 10, "instant messaging", "send_im", "16", "user", 50, 40, 50, 40),
                new TaskRecord(3, 30 * S, 30 * S + S / 10, "system", "keep_alive", "02", "user", 30, 20, 30, 20),
                new TaskRecord(5, 60 * S, 60 * S, "system", "keep_alive", "02", "user", 30, 0, 30, 0),
                new TaskRecord(6, 61 * S, 61 * S, null, "unknown opcode 30", "30", null, 10, 0, 10, 0)), got);
        assertEquals(List.of(), t.tasks(1), "another app's tasks: none");
    }

    @Test
    void signallingBetweenMediaPacketsDoesNotCutTheCall() {
        UdpTaskTracker t = tracker();
        for (int i = 0; i < 100; i++) {
            feed(t, i % 2 == 0 ? Direction.UP : Direction.DOWN, i * S / 50, 10 + i, MEDIA, 100);
            if (i == 50) {
                feed(t, Direction.UP, i * S / 50 + 1, 500, im(0, 0x16), 60);
            }
        }
        feed(t, Direction.UP, 10 * S, 900, MEDIA, 100); // after a pause of 8 s: a new call
        List<TaskRecord> got = t.tasks(0);
        assertEquals(3, got.size(), got.toString());
        assertEquals(new TaskRecord(10, 0, 99 * S / 50, null, "unknown", null, null, 5000, 5000, 5000, 5000),
                got.get(0));
        assertEquals("send_im", got.get(1).task());
        assertEquals(900, got.get(2).frame());
    }
}
