package org.chatdissect.match.report;

import java.util.List;

/** All analyses of one classifier run for one app; pure data, rendered by {@link ReportWriter}. */
public record Report(String app, Summary summary, Table3 table3, Table4 table4, Table5 table5,
        List<Figure> fig6, List<Figure> fig7) {

    public static Report of(ReportInput in, String app) {
        Sessions sessions = Sessions.of(in.users());
        return new Report(app, in.summary(),
                Table3.compute(in.flows(), sessions, app),
                Table4.compute(in.flows(), in.tasks(), sessions, app),
                Table5.compute(in.tasks(), app),
                Fig6.compute(in.users(), app),
                Fig7.compute(in.tasks(), app));
    }
}
