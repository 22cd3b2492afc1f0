package org.chatdissect.match.report;

import java.util.ArrayList;
import java.util.List;

/** Lays Tables III-V out as {@link TableModel}s, flat enough that the same model serves HTML and CSV. */
public final class ReportTables {
    private ReportTables() {}

    public static TableModel table3(Table3 t) {
        String app = t.app();
        List<TableModel.Row> rows = new ArrayList<>();
        for (Table3.Row r : t.rows()) {
            rows.add(new TableModel.Row(table3Cells(r), false));
        }
        rows.add(new TableModel.Row(table3Cells(t.total()), true));
        return new TableModel("table3", "Table III. Number of users and traffic volume per trace",
                List.of("Trace", "Users (total)", "Users (" + app + ")", "Users " + app + " %",
                        "Volume MB (total)", "Volume MB (" + app + ")", "Volume " + app + " %"),
                rows);
    }

    private static List<Cell> table3Cells(Table3.Row r) {
        return List.of(Cell.text(r.file()), Cell.count(r.users()), Cell.count(r.appUsers()), Cell.percent(r.appUserShare()),
                Cell.megabytes(r.bytes()), Cell.megabytes(r.appBytes()), Cell.percent(r.appVolumeShare()));
    }

    public static TableModel table4(Table4 t) {
        List<TableModel.Row> rows = new ArrayList<>();
        for (Table4.Service s : t.services()) {
            long up = s.tasks().stream().mapToLong(k -> k.volume().up()).sum();
            long down = s.tasks().stream().mapToLong(k -> k.volume().down()).sum();
            rows.add(new TableModel.Row(table4Cells(t, s.service(), "(all tasks)", Cell.count(s.users()),
                    Cell.percent(t.userShare(s.users())), new Volume(up, down)), true));
            for (Table4.Task k : s.tasks()) {
                rows.add(new TableModel.Row(table4Cells(t, s.service(), k.task(), Cell.count(k.users()),
                        Cell.percent(t.userShare(k.users())), k.volume()), false));
            }
        }
        rows.add(new TableModel.Row(table4Cells(t, "Other", Cell.NA, Cell.na(), Cell.na(), t.other()), false));
        // total row: volume shares are the uplink/downlink split of the app's traffic
        rows.add(new TableModel.Row(table4Cells(t, "Total", Cell.NA, Cell.count(t.appUsers()), Cell.percent(t.appUsers() == 0 ? 0 : 1),
                t.total()), true));
        return new TableModel("table4", "Table IV. " + t.app() + " service and task usage",
                List.of("Service", "Task", "Users", "Users %", "Total MB", "Total %", "Uplink MB", "Uplink %",
                        "Downlink MB", "Downlink %"),
                rows);
    }

    private static List<Cell> table4Cells(Table4 t, String service, String task, Cell users, Cell usersPct, Volume v) {
        return List.of(Cell.text(service), Cell.text(task), users, usersPct,
                Cell.megabytes(v.total()), Cell.percent(t.volumeShare(v.total())),
                Cell.megabytes(v.up()), Cell.percent(t.volumeShare(v.up())),
                Cell.megabytes(v.down()), Cell.percent(t.volumeShare(v.down())));
    }

    public static TableModel table5(Table5 t) {
        List<String> header = new ArrayList<>(List.of("Service", "Task"));
        for (String type : t.flowTypes()) {
            header.add("Avg request bytes " + Labels.flowType(t.app(), type));
        }
        for (String type : t.flowTypes()) {
            header.add("Avg response bytes " + Labels.flowType(t.app(), type));
        }
        List<TableModel.Row> rows = new ArrayList<>();
        for (Table5.Row r : t.rows()) {
            List<Cell> cells = new ArrayList<>(List.of(Cell.text(r.service()), Cell.text(r.task())));
            r.sizes().forEach(s -> cells.add(Cell.averageBytes(s.averageRequest())));
            r.sizes().forEach(s -> cells.add(Cell.averageBytes(s.averageResponse())));
            rows.add(new TableModel.Row(cells, false));
        }
        return new TableModel("table5", "Table V. Average sizes per request and per response", header, rows);
    }
}
