package org.chatdissect.datasets;

import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;
import org.chatdissect.datasets.wechat.WeChatSession;

/** Chooses the simulator for an app. */
final class Apps {
    private Apps() {}

    /** The non-WeChat chat apps in the operator mix (added as their simulators land). */
    static java.util.List<org.chatdissect.datasets.scenario.OperatorScenario.OtherApp> operatorMix() {
        return java.util.List.of(
                new org.chatdissect.datasets.scenario.OperatorScenario.OtherApp(0.3,
                        (c, d) -> new org.chatdissect.datasets.qq.QqClient(c, d, d.rnd().nextInt(10) < 3), 120),
                // video is heavy and symmetric: few users and short calls (shares in docs/design/datasets.md)
                new org.chatdissect.datasets.scenario.OperatorScenario.OtherApp(0.10,
                        (c, d) -> new org.chatdissect.datasets.qqvideo.QqVideoClient(c, d, 10, 40, 10), 30),
                new org.chatdissect.datasets.scenario.OperatorScenario.OtherApp(0.12,
                        (c, d) -> new org.chatdissect.datasets.skype.SkypeClient(c, d, d.rnd().nextInt(5) == 0, 10, 60), 30),
                new org.chatdissect.datasets.scenario.OperatorScenario.OtherApp(0.08,
                        (c, d) -> new org.chatdissect.datasets.meeting.MeetingClient(c, d, 5, 20), 30));
    }

    static AppSession session(App app, SimContext ctx, Device dev, boolean altPlatform) {
        return switch (app) {
            case WECHAT -> new WeChatSession(ctx, dev, altPlatform);
            // the second lab device reaches QQ over TCP (as firewalled networks do), the first over UDP 8000
            case QQ -> new org.chatdissect.datasets.qq.QqClient(ctx, dev, altPlatform);
            case QQVIDEO -> new org.chatdissect.datasets.qqvideo.QqVideoClient(ctx, dev, 8, 20, 25);
            case SKYPE -> new org.chatdissect.datasets.skype.SkypeClient(ctx, dev, true, 10, 30);
            case MEETING -> new org.chatdissect.datasets.meeting.MeetingClient(ctx, dev, 5, 12);
            default -> throw new UnsupportedOperationException(app.id() + ": simulator not built yet");
        };
    }
}
