package org.chatdissect.match.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fig. 7, time patterns of the app's two flow types: (a) task completion times over TCP and over HTTP;
 * (b) inter-task times inside TCP flows, measured start to start so periodic heartbeats show as their period.
 */
public final class Fig7 {
    private Fig7() {}

    public static List<Figure> compute(List<TaskRow> tasks, String app) {
        List<Figure.Series> completion = new ArrayList<>();
        for (String type : Table5.PAPER_FLOW_TYPES) {
            double[] times = tasks.stream()
                    .filter(t -> app.equals(t.app()) && type.equals(t.flowType()))
                    .mapToDouble(TaskRow::completionS).toArray();
            completion.add(new Figure.Series(Labels.flowType(app, type), Cdf.of(times)));
        }
        String tcp = Labels.flowType(app, "TCP");
        return List.of(
                new Figure("fig7a", "Fig. 7(a) task completion time", "Completion time (s)", true, completion),
                new Figure("fig7b", "Fig. 7(b) inter-task time in " + tcp + " flows", "Inter-task time (s)", true,
                        List.of(new Figure.Series(tcp, Cdf.of(interTaskTimes(tasks, app))))));
    }

    static double[] interTaskTimes(List<TaskRow> tasks, String app) {
        Map<String, List<TaskRow>> byFlow = new TreeMap<>();
        for (TaskRow t : tasks) {
            if (app.equals(t.app()) && "TCP".equals(t.flowType()) && t.flow() != null) {
                byFlow.computeIfAbsent(t.flow(), k -> new ArrayList<>()).add(t);
            }
        }
        List<Double> gaps = new ArrayList<>();
        for (List<TaskRow> flow : byFlow.values()) {
            flow.sort(Comparator.comparingDouble(TaskRow::start));
            for (int i = 1; i < flow.size(); i++) {
                gaps.add(flow.get(i).start() - flow.get(i - 1).start());
            }
        }
        return gaps.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
