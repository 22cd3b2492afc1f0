package org.chatdissect.core.fieldtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The correlation that types a length field ({@code length.min_correlation}). */
class PearsonTest {
    /** The one-pass formula the typing used before: fine for small values, lost to cancellation for large ones. */
    private static double onePass(double[] x, double[] y) {
        double n = x.length, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.length; i++) {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            syy += y[i] * y[i];
            sxy += x[i] * y[i];
        }
        double vx = sxx - sx * sx / n;
        double vy = syy - sy * sy / n;
        return vx <= 0 || vy <= 0 ? Double.NaN : (sxy - sx * sy / n) / Math.sqrt(vx * vy);
    }

    @Test
    void aWideFieldWithLargeFixedHighBytesStillCorrelatesWithTheLength() {
        // a 6-byte span: a fixed 2^40 in its high bytes, the message length in its low bytes; exact in a double
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[500];
        double[] y = new double[500];
        for (int i = 0; i < x.length; i++) {
            int len = 20 + r.nextInt(1400);
            y[i] = len;
            x[i] = 0x100_0000_0000L + len - 20;
        }
        assertEquals(1.0, FieldTypeInference.pearson(x, y), 1e-9);
        double old = onePass(x, y);
        assertTrue(Double.isNaN(old) || Math.abs(old - 1.0) > 1e-3, "premise: one-pass sums cancel here, gave " + old);
    }

    @Test
    void agreesWithTheTextbookFormulaOnOrdinaryValues() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 50; t++) {
            double[] x = new double[2 + r.nextInt(200)];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = r.nextInt(65536);
                x[i] = r.nextBoolean() ? y[i] + r.nextInt(16) : r.nextInt(65536);
            }
            double want = onePass(x, y);
            double got = FieldTypeInference.pearson(x, y);
            if (Double.isNaN(want)) {
                assertTrue(Double.isNaN(got), "both constant-side cases are NaN");
            } else {
                assertEquals(want, got, 1e-9);
            }
        }
    }

    @Test
    void constantSidesAndSinglePairsHaveNoCorrelation() {
        assertTrue(Double.isNaN(FieldTypeInference.pearson(new double[] {5, 5, 5}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(FieldTypeInference.pearson(new double[] {1, 2, 3}, new double[] {7, 7, 7})));
        assertTrue(Double.isNaN(FieldTypeInference.pearson(new double[] {1}, new double[] {2})));
    }
}
