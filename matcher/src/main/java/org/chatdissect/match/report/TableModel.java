package org.chatdissect.match.report;

import java.util.List;

/** A rendered-agnostic table: one header, rows of cells; strong rows are subtotals (services, totals). */
public record TableModel(String id, String title, List<String> header, List<Row> rows) {
    public TableModel {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    public record Row(List<Cell> cells, boolean strong) {
        public Row {
            cells = List.copyOf(cells);
        }
    }
}
