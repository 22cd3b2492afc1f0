package org.chatdissect.match.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Table V: average size per request and per response of each task, one column pair per flow type
 * (the paper's W-TCP and W-HTTP). A task without a request (a server push) has no request to average,
 * so only tasks with a non-zero request (response) size count towards that average; no such task gives N/A.
 */
public record Table5(String app, List<String> flowTypes, List<Row> rows) {

    /** The flow types the paper compares: the binary protocol over TCP and the text one over HTTP. */
    public static final List<String> PAPER_FLOW_TYPES = List.of("TCP", "HTTP");

    public record Row(String service, String task, List<Sizes> sizes) {
        /** Sizes for {@code flowType}, aligned with {@link Table5#flowTypes()}. */
        public Sizes sizes(List<String> flowTypes, String flowType) {
            return sizes.get(flowTypes.indexOf(flowType));
        }
    }

    /** Averages in bytes, empty when the task never had a request (response) over that flow type. */
    public record Sizes(long requests, long requestBytes, long responses, long responseBytes) {
        public OptionalDouble averageRequest() {
            return requests == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) requestBytes / requests);
        }

        public OptionalDouble averageResponse() {
            return responses == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) responseBytes / responses);
        }
    }

    public static Table5 compute(List<TaskRow> tasks, String app) {
        return compute(tasks, app, PAPER_FLOW_TYPES);
    }

    public static Table5 compute(List<TaskRow> tasks, String app, List<String> flowTypes) {
        Map<String, Map<String, long[][]>> byService = new HashMap<>();
        for (TaskRow t : tasks) {
            int column = flowTypes.indexOf(t.flowType());
            if (!app.equals(t.app()) || column < 0) {
                continue;
            }
            long[][] acc = byService.computeIfAbsent(t.serviceOrUnknown(), k -> new TreeMap<>())
                    .computeIfAbsent(t.task(), k -> new long[flowTypes.size()][4]);
            if (t.requestBytes() > 0) {
                acc[column][0]++;
                acc[column][1] += t.requestBytes();
            }
            if (t.responseBytes() > 0) {
                acc[column][2]++;
                acc[column][3] += t.responseBytes();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String service : Table4.ordered(byService.keySet())) {
            byService.get(service).forEach((task, acc) -> {
                List<Sizes> sizes = new ArrayList<>();
                for (long[] a : acc) {
                    sizes.add(new Sizes(a[0], a[1], a[2], a[3]));
                }
                rows.add(new Row(service, task, List.copyOf(sizes)));
            });
        }
        return new Table5(app, List.copyOf(flowTypes), List.copyOf(rows));
    }
}
