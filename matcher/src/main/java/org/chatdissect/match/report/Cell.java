package org.chatdissect.match.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A table cell in two forms: {@code raw} for CSV (full precision, no grouping, same unit as the header)
 * and {@code shown} for HTML (rounded like the paper's tables). All formatting uses {@link Locale#ROOT}
 * so reports are identical whatever the machine's locale.
 */
public record Cell(String raw, String shown) {
    public static final String NA = "N/A";

    public static Cell text(String s) {
        return new Cell(s, s);
    }

    public static Cell empty() {
        return text("");
    }

    public static Cell na() {
        return text(NA);
    }

    public static Cell count(long n) {
        return new Cell(Long.toString(n), String.format(Locale.ROOT, "%,d", n));
    }

    /** A fraction in [0, 1] shown as a percentage; a non-zero share that rounds to zero shows as "<0.01%". */
    public static Cell percent(double fraction) {
        double pct = fraction * 100;
        String shown = pct > 0 && pct < 0.005 ? "<0.01%" : String.format(Locale.ROOT, "%.2f%%", pct);
        return new Cell(plain(pct, 4), shown);
    }

    /** Bytes as decimal megabytes (10^6), exact in CSV, three decimals in HTML like Table IV. */
    public static Cell megabytes(long bytes) {
        BigDecimal mb = BigDecimal.valueOf(bytes).movePointLeft(6);
        return new Cell(mb.stripTrailingZeros().toPlainString(),
                String.format(Locale.ROOT, "%,.3f", mb.setScale(3, RoundingMode.HALF_UP)));
    }

    /** An average size in bytes: two decimals in CSV, whole bytes in HTML like Table V, N/A when absent. */
    public static Cell averageBytes(OptionalDouble avg) {
        if (avg.isEmpty()) {
            return na();
        }
        double v = avg.getAsDouble();
        return new Cell(plain(v, 2), String.format(Locale.ROOT, "%,d", Math.round(v)));
    }

    /** A plain decimal with at most {@code scale} decimals, never in exponent notation. */
    static String plain(double v, int scale) {
        BigDecimal d = new BigDecimal(v).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** A double as its shortest exact decimal, for CDF points. */
    static String number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
