package org.chatdissect.match.report;

import java.util.List;

/** One CDF panel of Fig. 6 or 7: what the renderer draws and the CSV lists. */
public record Figure(String id, String title, String xLabel, boolean logX, List<Series> series) {
    public Figure {
        series = List.copyOf(series);
    }

    public record Series(String name, Cdf cdf) {}
}
