package org.chatdissect.match.feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.chatdissect.match.classify.FlowSink;
import org.chatdissect.model.FlowType;

/**
 * Collects a round's verdicts as the classifier's workers hand them over (one sink per file, each filled by that
 * file's worker alone) and gives them back in file order, flows in the order they ended: the order of the round's
 * {@code flows.jsonl}, without reading it.
 */
final class RoundFlows {
    private final List<String> apps;
    private final Map<Integer, List<ClassifiedFlow>> byFile = new ConcurrentSkipListMap<>();

    /** @param apps the compiled signatures' application names, by verdict index */
    RoundFlows(List<String> apps) {
        this.apps = List.copyOf(apps);
    }

    /** The sink of the {@code file}-th input (index in the classifier's expanded list). */
    FlowSink forFile(int file) {
        List<ClassifiedFlow> flows = new ArrayList<>();
        byFile.put(file, flows);
        return (flow, v) -> flows.add(new ClassifiedFlow(FlowRef.of(file, flow),
                v.classified() ? apps.get(v.app()) : null, flow.flowType == FlowType.DNS,
                v.classified() && v.signature() != null ? apps.get(v.app()) + "/" + v.signature() : null, v.tasks()));
    }

    /** Every flow of the round, in file order. Call after the classification returned. */
    List<ClassifiedFlow> all() {
        List<ClassifiedFlow> out = new ArrayList<>();
        byFile.values().forEach(out::addAll);
        return out;
    }
}
