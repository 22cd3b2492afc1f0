package org.chatdissect.match.report;

import java.util.List;
import java.util.Map;

/**
 * The self-contained HTML page: inline CSS, plots as {@code data:} PNGs, nothing fetched from elsewhere.
 * It holds no timestamp or path so the same input gives the same page.
 */
public final class HtmlReport {
    static final String CSS = "body{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}"
            + "table{border-collapse:collapse;margin:1em 0 2em}caption{text-align:left;font-weight:bold;padding:.3em 0}"
            + "th,td{border:1px solid #bbb;padding:.2em .5em;font-size:90%}td{text-align:right}"
            + "td:first-child,td:nth-child(2){text-align:left}th{background:#eee}tr.strong td{font-weight:bold;background:#f6f6f6}"
            + "figure{display:inline-block;margin:.5em}figcaption{font-size:90%}.note{color:#555;font-size:90%}";

    private HtmlReport() {}

    public static String render(Report r) {
        HtmlBuilder h = new HtmlBuilder().doctype();
        h.open("html", "lang", "en").open("head").empty("meta", "charset", "utf-8")
                .element("title", "ChatDissect report: " + r.app()).styleSheet(CSS).close();
        h.open("body").element("h1", "ChatDissect report: " + r.app());
        summary(h, r.summary());
        h.element("h2", "Users and volume");
        h.table(ReportTables.table3(r.table3()));
        h.element("p", "Users are sessions: a private IP until 60 idle minutes. Volumes are payload bytes; 1 MB = 10^6 bytes.",
                "class", "note");
        h.element("h2", "Services and tasks");
        h.table(ReportTables.table4(r.table4()));
        h.element("p", "Shares are relative to the " + r.app() + " users and the " + r.app() + " volume; "
                + "the Total row gives the uplink/downlink split. Other: " + r.app()
                + " flow bytes that no task accounts for.", "class", "note");
        h.table(ReportTables.table5(r.table5()));
        figures(h, "Fig. 6. User activities in terms of volume and usage time", r.fig6());
        figures(h, "Fig. 7. Time patterns of " + Labels.flowType(r.app(), "TCP") + " and "
                + Labels.flowType(r.app(), "HTTP"), r.fig7());
        return h.close().close().toString();
    }

    private static void summary(HtmlBuilder h, Summary s) {
        h.element("h2", "Input");
        h.open("ul");
        h.element("li", "Packets read: " + Cell.count(s.packetsRead()).shown());
        h.element("li", "Packets classified: " + Cell.count(s.packetsClassified()).shown());
        h.element("li", "Packets unknown: " + Cell.count(s.packetsUnknown()).shown());
        h.element("li", "Packets undecoded: " + Cell.count(s.packetsUndecoded()).shown() + reasons(s.undecoded()));
        if (!s.files().isEmpty()) {
            h.element("li", "Files: " + String.join(", ", s.files()));
        }
        h.close();
    }

    private static String reasons(Map<String, Long> undecoded) {
        if (undecoded.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        undecoded.forEach((reason, n) -> sb.append(sb.length() > 2 ? ", " : "").append(reason).append(": ").append(n));
        return sb.append(')').toString();
    }

    private static void figures(HtmlBuilder h, String title, List<Figure> figures) {
        h.element("h2", title);
        for (Figure f : figures) {
            h.open("figure");
            byte[] png = ChartRenderer.png(f);
            if (png == null) {
                h.element("p", f.title() + ": no data", "class", "note");
            } else {
                h.pngImage(png, f.title(), ChartRenderer.WIDTH, ChartRenderer.HEIGHT);
            }
            h.element("figcaption", caption(f));
            h.close();
        }
    }

    private static String caption(Figure f) {
        StringBuilder sb = new StringBuilder(f.title()).append(" (");
        for (int i = 0; i < f.series().size(); i++) {
            Figure.Series s = f.series().get(i);
            sb.append(i > 0 ? ", " : "").append(s.name()).append(": n=").append(s.cdf().samples());
        }
        return sb.append(f.logX() ? "; log x, points <= 0 not drawn)" : ")").toString();
    }
}
