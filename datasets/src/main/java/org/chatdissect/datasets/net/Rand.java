package org.chatdissect.datasets.net;

import java.util.SplittableRandom;

/** Fast pseudo-random byte fill and the few distributions the simulators need. */
public final class Rand {
    private Rand() {}

    public static void fill(SplittableRandom r, byte[] dst, int off, int len) {
        int end = off + len;
        int i = off;
        while (i + 8 <= end) {
            long v = r.nextLong();
            dst[i] = (byte) v;
            dst[i + 1] = (byte) (v >>> 8);
            dst[i + 2] = (byte) (v >>> 16);
            dst[i + 3] = (byte) (v >>> 24);
            dst[i + 4] = (byte) (v >>> 32);
            dst[i + 5] = (byte) (v >>> 40);
            dst[i + 6] = (byte) (v >>> 48);
            dst[i + 7] = (byte) (v >>> 56);
            i += 8;
        }
        if (i < end) {
            long v = r.nextLong();
            while (i < end) {
                dst[i++] = (byte) v;
                v >>>= 8;
            }
        }
    }

    public static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        fill(r, b, 0, n);
        return b;
    }

    /** Exponential with the given mean, in the unit of the mean. */
    public static double exp(SplittableRandom r, double mean) {
        return -mean * Math.log(1.0 - r.nextDouble());
    }

    /** A size around mean: log-normal with sigma 0.35, clamped to [min, 8*mean]. */
    public static long around(SplittableRandom r, double mean, long min) {
        double g = gaussian(r);
        double v = mean * Math.exp(0.35 * g - 0.06125);
        return Math.max(min, Math.min((long) v, (long) (8 * mean)));
    }

    public static long micros(double seconds) {
        return (long) (seconds * 1_000_000L);
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    public static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
