package org.chatdissect.match.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOutputTest {
    @TempDir
    Path tmp;

    private Report fixture() throws Exception {
        return Report.of(ReportFixture.input(tmp.resolve("in")), "wechat");
    }

    @Test
    void htmlIsSelfContainedWithTablesAndImages() throws Exception {
        List<Path> files = ReportWriter.write(fixture(), tmp.resolve("out/REPORT.html"));
        assertEquals(List.of("REPORT.html", "REPORT-table3.csv", "REPORT-table4.csv", "REPORT-table5.csv",
                "REPORT-fig6.csv", "REPORT-fig7.csv"), files.stream().map(p -> p.getFileName().toString()).toList());
        String html = Files.readString(files.get(0));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        for (String id : List.of("table3", "table4", "table5")) {
            assertTrue(html.contains("<table id=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("<td>receive picture</td><td>200</td><td>450</td><td>3,500</td><td>3,000</td>"));
        assertTrue(html.contains("<td>Total</td><td>N/A</td><td>2</td><td>100.00%</td>"));
        assertEquals(6, count(html, "<img src=\"data:image/png;base64,"));
        // base64 may contain "//", so look for external references outside the data URIs
        String text = html.replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:");
        assertFalse(text.contains("http:") || text.contains("https:") || text.contains("//"), "no external resources");
        assertFalse(Pattern.compile("(src|href)=\"(?!data:)").matcher(text).find());
        assertFalse(html.contains("<script") || html.contains("<link"));
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        assertTrue(m.find());
        byte[] png = java.util.Base64.getDecoder().decode(m.group(1));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    }

    @Test
    void csvTablesAndCdfPoints() throws Exception {
        ReportWriter.write(fixture(), tmp.resolve("r.html"));
        List<String> t5 = Files.readAllLines(tmp.resolve("r-table5.csv"));
        assertEquals("Service,Task,Avg request bytes W-TCP,Avg request bytes W-HTTP,Avg response bytes W-TCP,"
                + "Avg response bytes W-HTTP", t5.get(0));
        assertEquals("instant messaging,send text,350,N/A,200,N/A", t5.get(2));
        List<String> t3 = Files.readAllLines(tmp.resolve("r-table3.csv"));
        assertEquals("a.pcap,3,2,66.6667,0.011,0.0095,86.3636", t3.get(1));
        List<String> fig7 = Files.readAllLines(tmp.resolve("r-fig7.csv"));
        assertEquals("figure,series,x,cdf", fig7.get(0));
        assertTrue(fig7.contains("fig7a,W-TCP,0.05,0.4"), fig7.toString());
        assertTrue(fig7.contains("fig7b,W-TCP,270,1"), fig7.toString());
    }

    @Test
    void sameInputGivesIdenticalBytes() throws Exception {
        Report r = fixture();
        List<Path> first = ReportWriter.write(r, tmp.resolve("one/R.html"));
        List<Path> second = ReportWriter.write(Report.of(ReportReader.read(tmp.resolve("in")), "wechat"), tmp.resolve("two/R.html"));
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(Files.readAllBytes(first.get(i)), Files.readAllBytes(second.get(i)), first.get(i).toString());
        }
        for (Figure f : r.fig6()) {
            assertArrayEquals(ChartRenderer.png(f), ChartRenderer.png(f), f.id());
        }
    }

    @Test
    void dataIsEscaped() {
        TaskRow evil = new TaskRow("x.pcap#1", "wechat", "TCP", "10.0.0.9", "<b>svc</b>", "send \"<script>alert(1)</script>\" & co",
                null, "user", 1, 2, 1, 10, 20, 10, 20);
        FlowRow flow = new FlowRow("<img src=x>.pcap", 1, "tcp", "10.0.0.9", 1, "s", 2, 1, 3, 1, 1, 10, 20, "TCP", null, null,
                "wechat", "W-TCP", 1);
        Summary s = new Summary(1, 1, 0, 0, Map.of("a<b", 1L), List.of("<img src=x>.pcap"));
        String html = HtmlReport.render(Report.of(new ReportInput(List.of(flow), List.of(evil), List.of(), s), "wechat"));
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<b>svc"));
        assertFalse(html.contains("<img src=x>"));
        assertTrue(html.contains("send &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co"));
        assertTrue(html.contains("&lt;img src=x&gt;.pcap"));
        assertEquals("\"a,b\",\"say \"\"hi\"\"\",plain", String.join(",", List.of(Csv.field("a,b"), Csv.field("say \"hi\""), Csv.field("plain"))));
    }

    @Test
    void emptyInputStillRenders() {
        Report r = Report.of(new ReportInput(List.of(), List.of(), List.of(), new Summary(0, 0, 0, 0, null, null)), "wechat");
        assertNull(ChartRenderer.png(r.fig7().get(0)));
        String html = HtmlReport.render(r);
        assertTrue(html.contains("no data"));
        assertTrue(html.contains("<td>Total</td><td>N/A</td><td>0</td><td>0.00%</td>"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
