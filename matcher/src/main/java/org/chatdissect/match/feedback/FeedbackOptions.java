package org.chatdissect.match.feedback;

import java.util.List;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.model.CaptureRef;

/**
 * How to run the feedback loop.
 *
 * @param params    the trainer's parameters for the feedback flows
 * @param flows     flow-table settings of both the classifier and the trainer (they must cut flows alike)
 * @param threads   files classified in parallel
 * @param maxRounds rounds at most; the loop stops earlier when a round adds nothing
 * @param captures  provenance of new signatures (the traces fed back)
 * @param software  provenance: the producing software
 * @param versionTolerance constant bytes a header signature may miss and still classify (as {@code classify
 *     --version-tolerance}); the values seen instead become reviewable candidates
 */
public record FeedbackOptions(Parameters params, FlowTableConfig flows, int threads, int maxRounds,
        List<CaptureRef> captures, String software, int versionTolerance) {
    /** Exact matching, as before version tolerance existed. */
    public FeedbackOptions(Parameters params, FlowTableConfig flows, int threads, int maxRounds,
            List<CaptureRef> captures, String software) {
        this(params, flows, threads, maxRounds, captures, software, 0);
    }

    /** The paper needed one round on its traces; five bounds a loop that keeps finding things. */
    public static final int MAX_ROUNDS = 5;

    public FeedbackOptions {
        if (maxRounds < 1 || maxRounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be 1.." + MAX_ROUNDS + ", got " + maxRounds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        if (versionTolerance < 0) {
            throw new IllegalArgumentException("version tolerance must be 0 or more");
        }
        captures = List.copyOf(captures);
    }
}
