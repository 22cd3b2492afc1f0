package org.chatdissect.bench.boundaries;

/**
 * Boundary precision, recall and F1, pooled over messages (micro-averaged), as in the NEMESYS and
 * BinaryInferno evaluations: a predicted boundary is a true positive when tshark has a field starting
 * or ending at the same offset.
 */
public record BoundaryScore(long truePositives, long falsePositives, long falseNegatives, long messages) {
    public static final BoundaryScore EMPTY = new BoundaryScore(0, 0, 0, 0);

    /** Scores one message; both arrays are sorted offsets strictly inside the message. */
    public static BoundaryScore of(int[] predicted, int[] truth) {
        int i = 0;
        int j = 0;
        long tp = 0;
        while (i < predicted.length && j < truth.length) {
            if (predicted[i] == truth[j]) {
                tp++;
                i++;
                j++;
            } else if (predicted[i] < truth[j]) {
                i++;
            } else {
                j++;
            }
        }
        return new BoundaryScore(tp, predicted.length - tp, truth.length - tp, 1);
    }

    public BoundaryScore plus(BoundaryScore o) {
        return new BoundaryScore(truePositives + o.truePositives, falsePositives + o.falsePositives,
                falseNegatives + o.falseNegatives, messages + o.messages);
    }

    public double precision() {
        long d = truePositives + falsePositives;
        return d == 0 ? 0 : (double) truePositives / d;
    }

    public double recall() {
        long d = truePositives + falseNegatives;
        return d == 0 ? 0 : (double) truePositives / d;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
