package org.chatdissect.core.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sanity: on unspaced text built from a small vocabulary, VE finds most word boundaries. */
class VotingExpertsTextTest {
    @Test
    void findsWordBoundaries() {
        String[] words = {"the", "cat", "sat", "on", "mat", "dog", "ran", "far", "away", "big", "red", "ball"};
        Random r = new Random(2);
        List<byte[]> corpus = new ArrayList<>();
        List<Set<Integer>> truth = new ArrayList<>();
        for (int s = 0; s < 400; s++) {
            StringBuilder sb = new StringBuilder();
            Set<Integer> cuts = new HashSet<>();
            for (int w = 0; w < 8; w++) {
                if (w > 0) {
                    cuts.add(sb.length());
                }
                sb.append(words[r.nextInt(words.length)]);
            }
            corpus.add(sb.toString().getBytes(StandardCharsets.US_ASCII));
            truth.add(cuts);
        }
        VotingExperts ve = VotingExperts.train(corpus, 7, 4, 100_000);
        int hit = 0, found = 0, total = 0;
        for (int i = 0; i < corpus.size(); i++) {
            for (int b : ve.segment(corpus.get(i)).boundaries()) {
                found++;
                hit += truth.get(i).contains(b) ? 1 : 0;
            }
            total += truth.get(i).size();
        }
        double precision = (double) hit / found;
        double recall = (double) hit / total;
        assertTrue(precision > 0.8 && recall > 0.5, "precision " + precision + " recall " + recall);
    }
}
