package org.chatdissect.match.feedback;

import java.util.List;

/**
 * What one feedback round saw and added.
 *
 * @param flows          flows the classifier reported
 * @param classified     of which classified as some application
 * @param endpoints      server endpoints of exactly one application (the feedback targets)
 * @param feedbackFlows  unclassified flows to those endpoints, trained on
 * @param additions      what the round added, in the order of the output set
 */
public record RoundResult(int round, long flows, long classified, int endpoints, int feedbackFlows,
        List<Addition> additions) {
    public RoundResult {
        additions = List.copyOf(additions);
    }
}
