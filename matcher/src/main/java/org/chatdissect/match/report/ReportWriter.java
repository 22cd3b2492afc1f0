package org.chatdissect.match.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.io.AtomicOutput;

/**
 * Writes the HTML page and, beside it, the tables and CDF points as CSV: for {@code out/REPORT.html}
 * {@code out/REPORT-table3.csv}, {@code -table4.csv}, {@code -table5.csv}, {@code -fig6.csv}, {@code -fig7.csv}.
 */
public final class ReportWriter {
    private ReportWriter() {}

    /** Writes every file and returns their paths, the HTML first. */
    public static List<Path> write(Report r, Path html) {
        Path dir = html.toAbsolutePath().getParent();
        String base = baseName(html.getFileName().toString());
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            written.add(write(html, HtmlReport.render(r)));
            written.add(write(dir.resolve(base + "-table3.csv"), Csv.of(ReportTables.table3(r.table3()))));
            written.add(write(dir.resolve(base + "-table4.csv"), Csv.of(ReportTables.table4(r.table4()))));
            written.add(write(dir.resolve(base + "-table5.csv"), Csv.of(ReportTables.table5(r.table5()))));
            written.add(write(dir.resolve(base + "-fig6.csv"), Csv.of(r.fig6())));
            written.add(write(dir.resolve(base + "-fig7.csv"), Csv.of(r.fig7())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(written);
    }

    static String baseName(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        for (String ext : List.of(".html", ".htm")) {
            if (lower.endsWith(ext)) {
                return fileName.substring(0, fileName.length() - ext.length());
            }
        }
        return fileName;
    }

    private static Path write(Path p, String content) throws IOException {
        AtomicOutput.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }
}
