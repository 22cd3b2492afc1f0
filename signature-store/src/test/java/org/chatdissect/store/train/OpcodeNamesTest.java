package org.chatdissect.store.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.chatdissect.core.semantics.OpcodeSemantics;
import org.chatdissect.core.semantics.OpcodeSemantics.Kind;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.TaskKind;
import org.junit.jupiter.api.Test;

/**
 * Opcodes outside the manifest are named by what they do (issue "Tasks for every app"): a triggered one after what
 * triggers it, by the trigger's task when the manifest named it, else by the trigger's opcode.
 */
class OpcodeNamesTest {
    @Test
    void aTriggeredOpcodeIsNamedAfterItsTrigger() {
        Map<String, OpcodeInfo> got = SignatureFactory.opcodes(List.of(
                new OpcodeSemantics("0a", "receive_video", Kind.USER, null, null),
                new OpcodeSemantics("06", null, Kind.PERIODIC, 300.0, null),
                new OpcodeSemantics("24", null, Kind.TRIGGERED, null, "0a"),
                new OpcodeSemantics("79", null, Kind.TRIGGERED, null, "01"),
                new OpcodeSemantics("4b", null, Kind.UNKNOWN, null, null)), Map.of("receive_video", "video"));
        assertEquals(new OpcodeInfo("receive_video", "video", TaskKind.USER, null, null), got.get("0a"));
        assertEquals(new OpcodeInfo("periodic 06", "system", TaskKind.PERIODIC, 300.0, null), got.get("06"));
        assertEquals(new OpcodeInfo("after receive_video (24)", "system", TaskKind.TRIGGERED, null, "0a"), got.get("24"));
        assertEquals(new OpcodeInfo("after 01 (79)", "system", TaskKind.TRIGGERED, null, "01"), got.get("79"));
        assertEquals(null, got.get("4b"), "an opcode whose behaviour says nothing stays out of the table");
    }
}
