package org.chatdissect.match.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Table III: per trace (input file), the users (sessions) and payload volume in total and of the app.
 * The total row counts each session once even if it spans two files.
 */
public record Table3(String app, List<Row> rows, Row total) {

    public record Row(String file, long users, long appUsers, long bytes, long appBytes) {
        public double appUserShare() {
            return Ratio.of(appUsers, users);
        }

        public double appVolumeShare() {
            return Ratio.of(appBytes, bytes);
        }
    }

    public static Table3 compute(List<FlowRow> flows, Sessions sessions, String app) {
        Map<String, Acc> perFile = new TreeMap<>();
        Acc all = new Acc();
        for (FlowRow f : flows) {
            String user = sessions.key(f.client(), f.start());
            perFile.computeIfAbsent(f.file(), k -> new Acc()).add(user, f, app);
            all.add(user, f, app);
        }
        List<Row> rows = new ArrayList<>();
        perFile.forEach((file, acc) -> rows.add(acc.row(file)));
        return new Table3(app, List.copyOf(rows), all.row("Total"));
    }

    private static final class Acc {
        final Set<String> users = new HashSet<>();
        final Set<String> appUsers = new HashSet<>();
        long bytes;
        long appBytes;

        void add(String user, FlowRow f, String app) {
            users.add(user);
            bytes += f.bytes();
            if (f.isApp(app)) {
                appUsers.add(user);
                appBytes += f.bytes();
            }
        }

        Row row(String file) {
            return new Row(file, users.size(), appUsers.size(), bytes, appBytes);
        }
    }
}
