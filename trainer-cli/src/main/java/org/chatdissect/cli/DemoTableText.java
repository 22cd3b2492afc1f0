package org.chatdissect.cli;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.match.report.Cell;
import org.chatdissect.match.report.TableModel;

/** Renders a report table as aligned plain text for the terminal (the HTML report has the same numbers). */
final class DemoTableText {
    private DemoTableText() {}

    static String render(TableModel t) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(t.header());
        for (TableModel.Row r : t.rows()) {
            rows.add(r.cells().stream().map(Cell::shown).toList());
        }
        int[] width = new int[t.header().size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder(t.title()).append('\n');
        for (int k = 0; k < rows.size(); k++) {
            List<String> r = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String c = r.get(i);
                // text columns (the first two of Table IV, the first of Table III) left, numbers right
                boolean left = i == 0 || i == 1 && t.id().equals("table4");
                line.append(i == 0 ? "" : "  ").append(left ? pad(c, width[i], true) : pad(c, width[i], false));
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (k == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                b.append("-".repeat(total - 2)).append('\n');
            }
        }
        return b.toString();
    }

    private static String pad(String s, int w, boolean left) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return left ? s + fill : fill + s;
    }
}
