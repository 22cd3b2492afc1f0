package org.chatdissect.match.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.OpcodeCorrelator;
import org.chatdissect.core.semantics.OpcodeEvent;
import org.chatdissect.core.semantics.OpcodeSemantics;
import org.chatdissect.match.classify.TaskRecord;
import org.chatdissect.model.Direction;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.TaskKind;
import org.chatdissect.model.TaskNames;

/**
 * Names opcodes that a signature does not know from the classified tasks of its flows, with the trainer's own
 * periodicity and trigger analysis ({@link OpcodeCorrelator}, section III-A4) and no manifest: an operator trace
 * says nothing about which user task ran when.
 *
 * <p>The correlator runs per client (like the trainer's per-device correlation: one phone's heartbeat does not
 * trigger another's sync) and a verdict stands only when every client with a verdict agrees; otherwise, and for
 * opcodes with no verdict, the name is {@code "unknown XX"} with kind user: neither periodic nor triggered
 * leaves the user as the starter among the paper's three kinds. An opcode seen only in downlink requests is
 * {@code "push XX"}, kind triggered with no trigger: the server starts it, for a reason the client cannot see
 * (naming it a user task would also turn the classifier's "push" kind into "user").
 */
final class OpcodeNaming {
    private final Parameters params;

    OpcodeNaming(Parameters params) {
        this.params = params;
    }

    /**
     * @param flows   the classified flows of one signature, in file order (their tasks with opcodes count)
     * @param known   the signature's opcode table, to name triggers by their task
     * @param wanted  the opcodes to name
     * @return opcode hex to meaning, for every wanted opcode
     */
    Map<String, OpcodeInfo> name(List<ClassifiedFlow> flows, Map<String, OpcodeInfo> known, List<String> wanted) {
        Map<String, List<OpcodeEvent>> byClient = new TreeMap<>();
        long flowId = 0;
        for (ClassifiedFlow f : flows) {
            boolean any = false;
            for (TaskRecord t : f.tasks()) {
                if (t.opcode() == null) {
                    continue;
                }
                any = true;
                boolean push = "push".equals(t.kind());
                byClient.computeIfAbsent(f.ref().client(), c -> new ArrayList<>()).add(new OpcodeEvent(flowId,
                        t.startNanos(), t.opcode(), push ? Direction.DOWN : Direction.UP, !push));
            }
            flowId += any ? 1 : 0;
        }
        Map<String, OpcodeSemantics> agreed = new HashMap<>();
        Map<String, Boolean> conflict = new HashMap<>();
        OpcodeCorrelator correlator = new OpcodeCorrelator(OpcodeCorrelator.Config.of(params));
        for (List<OpcodeEvent> events : byClient.values()) {
            for (OpcodeSemantics s : correlator.correlate(events, List.of())) {
                if (s.kind() == OpcodeSemantics.Kind.UNKNOWN || !wanted.contains(s.opcodeHex())) {
                    continue;
                }
                OpcodeSemantics prev = agreed.putIfAbsent(s.opcodeHex(), s);
                if (prev != null && !sameVerdict(prev, s)) {
                    conflict.put(s.opcodeHex(), true);
                }
            }
        }
        Map<String, Boolean> onlyPushes = new HashMap<>();
        for (ClassifiedFlow f : flows) {
            for (TaskRecord t : f.tasks()) {
                if (t.opcode() != null) {
                    onlyPushes.merge(t.opcode(), "push".equals(t.kind()), Boolean::logicalAnd);
                }
            }
        }
        Map<String, OpcodeInfo> out = new TreeMap<>();
        for (String op : wanted) {
            OpcodeSemantics s = conflict.containsKey(op) ? null : agreed.get(op);
            if (onlyPushes.getOrDefault(op, false)) {
                out.put(op, new OpcodeInfo(TaskNames.push(op), "system", TaskKind.TRIGGERED, null, null));
            } else if (s == null) {
                out.put(op, new OpcodeInfo(TaskNames.unknown(op), null, TaskKind.USER, null, null));
            } else if (s.kind() == OpcodeSemantics.Kind.PERIODIC) {
                Double p = s.periodSeconds() == null ? null : Math.round(s.periodSeconds() * 1000) / 1000.0;
                out.put(op, new OpcodeInfo(TaskNames.periodic(op), "system", TaskKind.PERIODIC, p, null));
            } else {
                OpcodeInfo trig = known.get(s.trigger());
                String by = trig != null ? trig.task() : s.trigger();
                out.put(op, new OpcodeInfo(TaskNames.triggered(op, trig != null ? trig.task() : s.trigger()), "system",
                        TaskKind.TRIGGERED, null, by));
            }
        }
        return out;
    }

    /** Periods differ from client to client by jitter; the kind (and the trigger) must agree. */
    private static boolean sameVerdict(OpcodeSemantics a, OpcodeSemantics b) {
        return a.kind() == b.kind() && (a.kind() != OpcodeSemantics.Kind.TRIGGERED || a.trigger().equals(b.trigger()));
    }
}
