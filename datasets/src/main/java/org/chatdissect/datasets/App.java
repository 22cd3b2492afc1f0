package org.chatdissect.datasets;

import java.util.Locale;

/** Applications the simulators know; ALL mixes them (operator scenario). */
public enum App {
    WECHAT, QQ, QQVIDEO, SKYPE, MEETING, ALL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static App parse(String s) {
        for (App a : values()) {
            if (a.id().equals(s.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown app '" + s + "' (wechat, qq, qqvideo, skype, meeting, all)");
    }
}
