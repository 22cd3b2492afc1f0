package org.chatdissect.match.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numbers worked out by hand from {@link ReportFixture}. */
class ReportTablesTest {
    @TempDir
    Path tmp;

    Report report;

    @BeforeEach
    void compute() throws Exception {
        report = Report.of(ReportFixture.input(tmp), "wechat");
    }

    @Test
    void table3CountsSessionsPerTraceAndOnceInTheTotal() {
        Table3 t = report.table3();
        assertEquals(List.of(
                new Table3.Row("a.pcap", 3, 2, 11000, 9500),
                new Table3.Row("b.pcap", 2, 0, 6000, 0)), t.rows());
        // 10.0.0.1 session 0 is in both files: counted once; 10.0.0.2 has two sessions: counted twice
        assertEquals(new Table3.Row("Total", 4, 2, 17000, 9500), t.total());
        assertEquals(0.5, t.total().appUserShare());
        assertEquals(9500.0 / 17000, t.total().appVolumeShare());
    }

    @Test
    void table3Cells() {
        TableModel m = ReportTables.table3(report.table3());
        List<String> a = m.rows().get(0).cells().stream().map(Cell::shown).toList();
        assertEquals(List.of("a.pcap", "3", "2", "66.67%", "0.011", "0.010", "86.36%"), a);
        List<String> totalRaw = m.rows().get(2).cells().stream().map(Cell::raw).toList();
        assertEquals(List.of("Total", "4", "2", "50", "0.017", "0.0095", "55.8824"), totalRaw);
    }

    @Test
    void table4UsersAndVolumesPerServiceAndTask() {
        Table4 t = report.table4();
        assertEquals(2, t.appUsers());
        assertEquals(List.of("instant messaging", "system"), t.services().stream().map(Table4.Service::service).toList());
        Table4.Service im = t.services().get(0);
        assertEquals(2, im.users());
        assertEquals(List.of(
                new Table4.Task("receive picture", 2, new Volume(650, 6500)),
                new Table4.Task("send text", 1, new Volume(700, 200)),
                new Table4.Task("unknown opcode 7f", 1, new Volume(0, 0))), im.tasks());
        assertEquals(new Table4.Service("system", 1, List.of(new Table4.Task("heartbeat", 1, new Volume(16, 16)))),
                t.services().get(1));
        // app flows carry 1500 up / 8000 down; tasks account for 1366 / 6716
        assertEquals(new Volume(134, 1284), t.other());
        assertEquals(new Volume(1500, 8000), t.total());
        assertEquals(0.5, t.userShare(1));
    }

    @Test
    void table4RowsWithPercentagesAndDownlinkShare() {
        TableModel m = ReportTables.table4(report.table4());
        List<List<String>> shown = m.rows().stream().map(r -> r.cells().stream().map(Cell::shown).toList()).toList();
        assertEquals(List.of("instant messaging", "(all tasks)", "2", "100.00%", "0.008", "84.74%", "0.001", "14.21%",
                "0.007", "70.53%"), shown.get(0));
        assertEquals(List.of("instant messaging", "send text", "1", "50.00%", "0.001", "9.47%", "0.001", "7.37%",
                "0.000", "2.11%"), shown.get(2));
        assertEquals(List.of("Other", "N/A", "N/A", "N/A", "0.001", "14.93%", "0.000", "1.41%", "0.001", "13.52%"),
                shown.get(6));
        assertEquals(List.of("Total", "N/A", "2", "100.00%", "0.010", "100.00%", "0.002", "15.79%", "0.008", "84.21%"),
                shown.get(7));
        assertEquals(List.of(true, false, false, false, true, false, false, true),
                m.rows().stream().map(TableModel.Row::strong).toList());
    }

    @Test
    void table5AveragesOnlyRealRequestsAndResponses() {
        Table5 t = report.table5();
        assertEquals(List.of("TCP", "HTTP"), t.flowTypes());
        assertEquals(List.of("receive picture", "send text", "unknown opcode 7f", "heartbeat"),
                t.rows().stream().map(Table5.Row::task).toList());
        Table5.Row sendText = t.rows().get(1);
        assertEquals(OptionalDouble.of(350), sendText.sizes(t.flowTypes(), "TCP").averageRequest());
        // the second send text had no response: it does not drag the average down
        assertEquals(OptionalDouble.of(200), sendText.sizes(t.flowTypes(), "TCP").averageResponse());
        assertEquals(OptionalDouble.empty(), sendText.sizes(t.flowTypes(), "HTTP").averageRequest());
    }

    @Test
    void table5CellsWithNotAvailable() {
        TableModel m = ReportTables.table5(report.table5());
        assertEquals(List.of("Service", "Task", "Avg request bytes W-TCP", "Avg request bytes W-HTTP",
                "Avg response bytes W-TCP", "Avg response bytes W-HTTP"), m.header());
        List<List<String>> shown = m.rows().stream().map(r -> r.cells().stream().map(Cell::shown).toList()).toList();
        assertEquals(List.of(
                List.of("instant messaging", "receive picture", "200", "450", "3,500", "3,000"),
                List.of("instant messaging", "send text", "350", "N/A", "200", "N/A"),
                List.of("instant messaging", "unknown opcode 7f", "N/A", "N/A", "N/A", "N/A"),
                List.of("system", "heartbeat", "16", "N/A", "16", "N/A")), shown);
    }

    @Test
    void otherAppIsNotCounted() {
        Table4 qq = Report.of(ReportReader.read(tmp), "qq").table4();
        assertEquals(1, qq.appUsers());
        // qq has tasks but no qq flows: nothing is left for "other"
        assertEquals(new Volume(999, 999), qq.total());
        assertEquals(Volume.ZERO, qq.other());
    }

    @Test
    void percentFormatting() {
        assertEquals("<0.01%", Cell.percent(0.00001).shown());
        assertEquals("0.00%", Cell.percent(0).shown());
        assertEquals("0.001", Cell.percent(0.00001).raw());
        assertEquals("12,345.679", Cell.megabytes(12_345_678_901L).shown());
        assertEquals("12345.678901", Cell.megabytes(12_345_678_901L).raw());
    }
}
