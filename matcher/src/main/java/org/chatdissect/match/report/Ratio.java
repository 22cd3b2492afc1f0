package org.chatdissect.match.report;

/** Division that treats an empty denominator as "no share" instead of NaN, so tables never show NaN. */
final class Ratio {
    private Ratio() {}

    static double of(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }
}
