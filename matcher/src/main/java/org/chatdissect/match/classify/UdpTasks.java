package org.chatdissect.match.classify;

import java.util.List;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.match.compile.HeaderMatcher;
import org.chatdissect.model.OpcodeInfo;

/**
 * A classified UDP flow is one task (a voice or video chat, a walkie-talkie session) named by the first opcode
 * its packets carry that the opcode table knows; flows with no such opcode (heartbeats, signaling alone) have
 * no task and count in the app's "Other" volume.
 */
final class UdpTasks {
    private UdpTasks() {}

    static List<TaskRecord> of(Flow flow, HeaderMatcher m, UdpFlowRule rule, int app) {
        int sig = rule.taskSignature();
        if (sig < 0 || m.app(sig) != app) {
            return List.of();
        }
        OpcodeInfo info = m.task(sig, rule.taskOpcode());
        return List.of(new TaskRecord(flow.firstFrame, flow.startNanos, flow.endNanos, info.service(), info.task(),
                m.opcodeHex(sig, rule.taskOpcode()), info.kind().jsonName(), flow.bytesUp, flow.bytesDown,
                flow.bytesUp, flow.bytesDown));
    }
}
