package org.chatdissect.match.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Table IV: per service and task of the app, the users (sessions) and the uplink/downlink volume.
 * Shares are relative to {@link #appUsers} and {@link #total}: the app's sessions and the app's whole
 * flow volume. Volume of app flows that no task accounts for (handshakes, undissected bytes) is the
 * {@link #other} row, so the task rows plus "other" add up to the total, as in the paper.
 */
public record Table4(String app, List<Service> services, Volume other, long appUsers, Volume total) {

    /** Services in the paper's order; services it does not know follow alphabetically. */
    static final List<String> PAPER_ORDER =
            List.of("instant messaging", "real-time chatting", "social networking", "media access", "system");

    public record Service(String service, long users, List<Task> tasks) {}

    public record Task(String task, long users, Volume volume) {}

    public double userShare(long users) {
        return Ratio.of(users, appUsers);
    }

    public double volumeShare(long bytes) {
        return Ratio.of(bytes, total.total());
    }

    public static Table4 compute(List<FlowRow> flows, List<TaskRow> tasks, Sessions sessions, String app) {
        Set<String> appUsers = new HashSet<>();
        Volume flowVolume = Volume.ZERO;
        for (FlowRow f : flows) {
            if (f.isApp(app)) {
                appUsers.add(sessions.key(f.client(), f.start()));
                flowVolume = flowVolume.plus(f.bytesUp(), f.bytesDown());
            }
        }
        Map<String, Set<String>> serviceUsers = new HashMap<>();
        Map<String, Map<String, TaskAcc>> byService = new HashMap<>();
        Volume taskVolume = Volume.ZERO;
        for (TaskRow t : tasks) {
            if (!app.equals(t.app())) {
                continue;
            }
            String user = sessions.key(t.client(), t.start());
            String service = t.serviceOrUnknown();
            appUsers.add(user);
            serviceUsers.computeIfAbsent(service, k -> new HashSet<>()).add(user);
            TaskAcc acc = byService.computeIfAbsent(service, k -> new TreeMap<>()).computeIfAbsent(t.task(), k -> new TaskAcc());
            acc.users.add(user);
            acc.up += t.bytesUp();
            acc.down += t.bytesDown();
            taskVolume = taskVolume.plus(t.bytesUp(), t.bytesDown());
        }
        List<Service> services = new ArrayList<>();
        for (String service : ordered(byService.keySet())) {
            List<Task> rows = new ArrayList<>();
            byService.get(service).forEach((task, acc) -> rows.add(new Task(task, acc.users.size(), new Volume(acc.up, acc.down))));
            services.add(new Service(service, serviceUsers.get(service).size(), List.copyOf(rows)));
        }
        Volume other = flowVolume.beyond(taskVolume);
        return new Table4(app, List.copyOf(services), other, appUsers.size(), taskVolume.plus(other.up(), other.down()));
    }

    static List<String> ordered(Set<String> services) {
        Comparator<String> paper = Comparator.comparingInt(s -> {
            int i = PAPER_ORDER.indexOf(s.toLowerCase(Locale.ROOT));
            return i < 0 ? PAPER_ORDER.size() : i;
        });
        return services.stream().sorted(paper.thenComparing(Comparator.naturalOrder())).toList();
    }

    private static final class TaskAcc {
        final Set<String> users = new HashSet<>();
        long up;
        long down;
    }
}
