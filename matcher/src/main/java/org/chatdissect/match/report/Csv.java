package org.chatdissect.match.report;

import java.util.List;

/** RFC 4180 CSV with "\n" line ends (not the platform's) so files are byte-identical everywhere. */
public final class Csv {
    private Csv() {}

    public static String of(TableModel t) {
        StringBuilder sb = new StringBuilder();
        line(sb, t.header());
        for (TableModel.Row r : t.rows()) {
            line(sb, r.cells().stream().map(Cell::raw).toList());
        }
        return sb.toString();
    }

    /** The CDF points of some figures: one line per (figure, series, point). */
    public static String of(List<Figure> figures) {
        StringBuilder sb = new StringBuilder();
        line(sb, List.of("figure", "series", "x", "cdf"));
        for (Figure f : figures) {
            for (Figure.Series s : f.series()) {
                Cdf c = s.cdf();
                for (int i = 0; i < c.size(); i++) {
                    line(sb, List.of(f.id(), s.name(), Cell.number(c.x()[i]), Cell.number(c.p()[i])));
                }
            }
        }
        return sb.toString();
    }

    static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        sb.append('\n');
    }

    static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
