package org.chatdissect.match.classify;

import java.util.List;

/**
 * What the classifier decided about a flow when it ended.
 *
 * @param app       index into {@code CompiledSignatures.apps()}, or -1 when unclassified
 * @param signature the name of the signature that classified it, or null
 * @param tasks     the flow's tasks in order of their first packet (empty when unclassified)
 * @param seconds   the distinct epoch seconds in which the flow carried payload, as sorted runs
 */
public record FlowVerdict(int app, String signature, List<TaskRecord> tasks, SecondRuns seconds) {
    public boolean classified() {
        return app >= 0;
    }
}
