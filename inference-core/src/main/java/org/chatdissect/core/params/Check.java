package org.chatdissect.core.params;

import java.util.function.Function;

/**
 * The valid values of a numeric parameter, with the text of its one-line error ({@code 'key' must be ...}). The
 * factories write the text from the bounds, so a range and its message cannot drift apart.
 */
final class Check {
    /** The test itself: the value, and the other parameters' values for checks that compare with them. */
    @FunctionalInterface
    interface Test {
        boolean ok(double value, Function<ParamSpec<?>, Object> values);
    }

    private final Test test;
    private final String text;

    private Check(Test test, String text) {
        this.test = test;
        this.text = text;
    }

    /** {@code value >= min}: "must be >= min". */
    static Check atLeast(long min) {
        return new Check((v, values) -> v >= min, "must be >= " + min);
    }

    /** {@code value > min}: "must be > min". */
    static Check above(long min) {
        return new Check((v, values) -> v > min, "must be > " + min);
    }

    /**
     * An interval in the usual notation, e.g. {@code "(0,1]"} or {@code "[3,1500]"}: "must be in (0,1]". Bounds are
     * numbers, {@code (}/{@code )} exclude them, {@code [}/{@code ]} include them.
     */
    static Check in(String interval) {
        int comma = interval.indexOf(',');
        char open = interval.charAt(0);
        char close = interval.charAt(interval.length() - 1);
        if (comma < 0 || "([".indexOf(open) < 0 || ")]".indexOf(close) < 0) {
            throw new IllegalArgumentException("not an interval: " + interval);
        }
        double lo = Double.parseDouble(interval.substring(1, comma));
        double hi = Double.parseDouble(interval.substring(comma + 1, interval.length() - 1));
        boolean loIn = open == '[';
        boolean hiIn = close == ']';
        return new Check((v, values) -> (loIn ? v >= lo : v > lo) && (hiIn ? v <= hi : v < hi), "must be in " + interval);
    }

    /** For {@link ParamType#SCOPE}: {@code value >= min} or 0 (ALL): "must be >= min or ALL". */
    static Check atLeastOrAll(long min) {
        return new Check((v, values) -> v == 0 || v >= min, "must be >= " + min + " or ALL");
    }

    /** {@code value >= } the value of {@code other}: "must be >= other.key". */
    static Check atLeast(ParamSpec<? extends Number> other) {
        return new Check((v, values) -> v >= ((Number) values.apply(other)).doubleValue(), "must be >= " + other.key());
    }

    /** The same check, documenting that 0 turns the feature off: "... (0 = off)". 0 must pass the check. */
    Check orOff() {
        if (!test.ok(0, spec -> {
            throw new IllegalStateException("orOff() applies to checks of the value alone");
        })) {
            throw new IllegalStateException("0 = off, but 0 fails '" + text + "'");
        }
        return new Check(test, text + " (0 = off)");
    }

    boolean ok(double value, Function<ParamSpec<?>, Object> values) {
        return test.ok(value, values);
    }

    /** The error text after the quoted key, e.g. {@code must be in (0,1]}. */
    String text() {
        return text;
    }
}
