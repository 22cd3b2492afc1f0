package org.chatdissect.match.report;

import java.util.List;

/** Everything a classifier run wrote into its output directory. */
public record ReportInput(List<FlowRow> flows, List<TaskRow> tasks, List<UserRow> users, Summary summary) {
    public ReportInput {
        flows = List.copyOf(flows);
        tasks = List.copyOf(tasks);
        users = List.copyOf(users);
    }
}
