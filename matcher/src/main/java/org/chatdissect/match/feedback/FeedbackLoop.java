package org.chatdissect.match.feedback;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.model.SignatureSet;

/**
 * Section III-B's feedback: rounds of classify → collect unclassified flows to known servers and unknown
 * opcodes → train → add candidates, until a round adds nothing or the round limit is reached. Candidates take
 * part in the next round's classification (a new format may classify flows whose servers lead further).
 * Deterministic: the same input gives the same set and the same additions.
 */
public final class FeedbackLoop {
    private final FeedbackOptions options;

    public FeedbackLoop(FeedbackOptions options) {
        this.options = options;
    }

    /**
     * @param workDir gets one classification output directory per round ({@code round-1}, ...)
     * @param onRound called as each round finishes (for progress output)
     */
    public FeedbackResult run(SignatureSet input, List<Path> captures, Path workDir, Consumer<RoundResult> onRound)
            throws IOException {
        List<Path> files = Classifier.expand(captures);
        FeedbackRound round = new FeedbackRound(options);
        SignatureSet current = input;
        List<RoundResult> rounds = new ArrayList<>();
        for (int r = 1; r <= options.maxRounds(); r++) {
            FeedbackRound.Outcome o = round.run(r, current, files, workDir.resolve("round-" + r));
            current = o.signatures();
            rounds.add(o.result());
            onRound.accept(o.result());
            if (o.result().additions().isEmpty()) {
                break;
            }
        }
        return new FeedbackResult(current, rounds);
    }
}
