package org.chatdissect.match.report;

import java.util.Arrays;

/**
 * Empirical CDF: {@code p[i]} is the fraction of samples {@code <= x[i]}, over the distinct sample values in
 * ascending order, so the last point is exactly 1. NaN samples are dropped (they have no place on an axis).
 */
public record Cdf(double[] x, double[] p, int samples) {

    public static Cdf of(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        int n = v.length;
        double[] xs = new double[n];
        double[] ps = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && v[i + 1] == v[i]) {
                continue;
            }
            xs[k] = v[i];
            // the last index of a run of equal values: every sample up to it is <= v[i]
            ps[k] = (i + 1) == n ? 1.0 : (double) (i + 1) / n;
            k++;
        }
        return new Cdf(Arrays.copyOf(xs, k), Arrays.copyOf(ps, k), n);
    }

    public int size() {
        return x.length;
    }

    /** Fraction of samples {@code <= value}. */
    public double at(double value) {
        int i = Arrays.binarySearch(x, value);
        if (i >= 0) {
            return p[i];
        }
        int below = -i - 2;
        return below < 0 ? 0 : p[below];
    }

    /** The same CDF without points at or below zero, which a logarithmic axis cannot show. */
    public Cdf positive() {
        int first = 0;
        while (first < x.length && x[first] <= 0) {
            first++;
        }
        return new Cdf(Arrays.copyOfRange(x, first, x.length), Arrays.copyOfRange(p, first, p.length), samples);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cdf c && samples == c.samples && Arrays.equals(x, c.x) && Arrays.equals(p, c.p);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(p) + samples;
    }

    @Override
    public String toString() {
        return "Cdf[x=" + Arrays.toString(x) + ", p=" + Arrays.toString(p) + ", samples=" + samples + "]";
    }
}
