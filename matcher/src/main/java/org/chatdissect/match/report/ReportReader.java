package org.chatdissect.match.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a classifier output directory ({@code flows.jsonl}, {@code tasks.jsonl}, {@code users.jsonl},
 * {@code summary.json}). Unknown keys are ignored so the classifier can add fields without breaking reports;
 * every failure is a {@link ReportInputException} whose one-line message names the file and line.
 */
public final class ReportReader {
    public static final String FLOWS = "flows.jsonl";
    public static final String TASKS = "tasks.jsonl";
    public static final String USERS = "users.jsonl";
    public static final String SUMMARY = "summary.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ReportReader() {}

    public static ReportInput read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ReportInputException(dir + ": no such directory");
        }
        for (String name : List.of(FLOWS, TASKS, USERS, SUMMARY)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new ReportInputException(dir.resolve(name) + ": no such file");
            }
        }
        List<FlowRow> flows = readLines(dir.resolve(FLOWS), FlowRow.class, f -> f.file() == null ? "file"
                : f.client() == null ? "client" : f.app() == null ? "app" : null);
        List<TaskRow> tasks = readLines(dir.resolve(TASKS), TaskRow.class, t -> t.client() == null ? "client"
                : t.task() == null ? "task" : t.app() == null ? "app" : null);
        List<UserRow> users = readLines(dir.resolve(USERS), UserRow.class, u -> u.user() == null ? "user" : null);
        return new ReportInput(flows, tasks, users, readSummary(dir.resolve(SUMMARY)));
    }

    /**
     * One object per non-blank line. {@code missing} names a required key that is absent, or returns null;
     * Jackson would silently fill it with null, and the analyses cannot group by a null.
     */
    static <T> List<T> readLines(Path file, Class<T> type, Function<T, String> missing) {
        List<T> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                T row = parse(line, type, file, number);
                String key = missing.apply(row);
                if (key != null) {
                    throw new ReportInputException(where(file, number) + ": missing \"" + key + "\"");
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new ReportInputException(file + ": " + e.getMessage());
        }
        return rows;
    }

    static Summary readSummary(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), Summary.class, file, 1);
        } catch (IOException e) {
            throw new ReportInputException(file + ": " + e.getMessage());
        }
    }

    private static <T> T parse(String json, Class<T> type, Path file, int line) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new ReportInputException(where(file, line) + ": expected a JSON object, got null");
            }
            return value;
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            // a JSONL line is parsed alone, so Jackson's line number is relative to it; summary.json starts at line 1
            int at = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? line - 1 + e.getLocation().getLineNr() : line;
            throw new ReportInputException(where(file, at) + ": malformed JSON: " + firstLine(detail));
        }
    }

    private static String where(Path file, int line) {
        return file + ":" + line;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
