package org.chatdissect.match.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Fig. 6, user activities, one sample per user session that used the app: (a) app volume, (b) app volume
 * relative to the session's total, (c) app usage time as data-transfer seconds and active seconds,
 * (d) the same relative to the session's total transfer and active time.
 */
public final class Fig6 {
    private Fig6() {}

    public static List<Figure> compute(List<UserRow> users, String app) {
        List<UserRow> appUsers = users.stream().filter(u -> uses(u, app)).toList();
        int n = appUsers.size();
        double[] volume = new double[n];
        double[] relVolume = new double[n];
        double[] transfer = new double[n];
        double[] active = new double[n];
        double[] relTransfer = new double[n];
        double[] relActive = new double[n];
        for (int i = 0; i < n; i++) {
            UserRow u = appUsers.get(i);
            UserRow.AppUsage a = u.usage(app);
            volume[i] = a.bytes();
            relVolume[i] = Ratio.of(a.bytes(), u.bytes());
            transfer[i] = a.transferS();
            active[i] = a.activeS();
            relTransfer[i] = Ratio.of(a.transferS(), u.transferS());
            relActive[i] = Ratio.of(a.activeS(), u.activeS());
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("fig6a", "Fig. 6(a) " + app + " volume per user", "Volume (bytes)", true,
                List.of(new Figure.Series("volume", Cdf.of(volume)))));
        figures.add(new Figure("fig6b", "Fig. 6(b) " + app + " volume relative to the user's total",
                "Relative volume", false, List.of(new Figure.Series("relative volume", Cdf.of(relVolume)))));
        figures.add(new Figure("fig6c", "Fig. 6(c) " + app + " usage time per user", "Usage time (s)", true,
                List.of(new Figure.Series("Data Transfer", Cdf.of(transfer)), new Figure.Series("Active", Cdf.of(active)))));
        figures.add(new Figure("fig6d", "Fig. 6(d) " + app + " usage time relative to the user's total",
                "Relative usage time", false,
                List.of(new Figure.Series("Data Transfer", Cdf.of(relTransfer)), new Figure.Series("Active", Cdf.of(relActive)))));
        return List.copyOf(figures);
    }

    /** A session counts as an app user when the app moved bytes or kept a flow open in it. */
    static boolean uses(UserRow u, String app) {
        UserRow.AppUsage a = u.usage(app);
        return a != null && (a.bytes() > 0 || a.activeS() > 0 || a.transferS() > 0);
    }
}
