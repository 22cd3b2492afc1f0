package org.chatdissect.match.feedback;

import java.util.List;
import org.chatdissect.model.SignatureSet;

/** The input signatures merged with the unreviewed candidates of every round, and each round's account. */
public record FeedbackResult(SignatureSet signatures, List<RoundResult> rounds) {
    public FeedbackResult {
        rounds = List.copyOf(rounds);
    }

    /** Whether the last round added nothing (a fixpoint), as opposed to stopping at the round limit. */
    public boolean converged() {
        return !rounds.isEmpty() && rounds.get(rounds.size() - 1).additions().isEmpty();
    }
}
