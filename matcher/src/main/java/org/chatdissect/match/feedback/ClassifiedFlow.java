package org.chatdissect.match.feedback;

import java.util.List;
import org.chatdissect.match.classify.TaskRecord;

/**
 * One flow as a round's classification left it, handed over by the classifier in memory: where it is (for the
 * trainer's pass), its application ({@code null} when unclassified), whether it is DNS, the signature that classified
 * it ({@code app/name}, or null) and its tasks.
 */
record ClassifiedFlow(FlowRef ref, String app, boolean dns, String signatureId, List<TaskRecord> tasks) {
    ClassifiedFlow {
        tasks = List.copyOf(tasks);
    }

    boolean classified() {
        return app != null;
    }

    Endpoint endpoint() {
        return new Endpoint(ref.proto(), ref.server(), ref.serverPort());
    }
}
