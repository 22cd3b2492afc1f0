package org.chatdissect.match.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps (private IP, time) to a user session. The paper counts users as private IPs whose sessions expire
 * after 60 idle minutes, because operators reuse private IPs; tables count sessions, not bare IPs.
 */
public final class Sessions {
    private final Map<String, List<UserRow>> byClient = new HashMap<>();

    private Sessions(List<UserRow> users) {
        for (UserRow u : users) {
            byClient.computeIfAbsent(u.user(), k -> new ArrayList<>()).add(u);
        }
        byClient.values().forEach(l -> l.sort(Comparator.comparingDouble(UserRow::start).thenComparingInt(UserRow::session)));
    }

    public static Sessions of(List<UserRow> users) {
        return new Sessions(users);
    }

    /**
     * The key of the session {@code client} was in at {@code time}: the last session that started at or
     * before it. A time before the first session (clock skew between files) falls into the first one; a
     * client absent from users.jsonl gets session -1 so it is still counted once.
     */
    public String key(String client, double time) {
        List<UserRow> sessions = byClient.get(client);
        if (sessions == null || sessions.isEmpty()) {
            return client + "#-1";
        }
        UserRow chosen = sessions.get(0);
        for (UserRow s : sessions) {
            if (s.start() <= time) {
                chosen = s;
            } else {
                break;
            }
        }
        return client + "#" + chosen.session();
    }
}
