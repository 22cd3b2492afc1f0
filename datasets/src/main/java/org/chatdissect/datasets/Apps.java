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
        return java.util.List.of();
    }

    static AppSession session(App app, SimContext ctx, Device dev, boolean altPlatform) {
        return switch (app) {
            case WECHAT -> new WeChatSession(ctx, dev, altPlatform);
            default -> throw new UnsupportedOperationException(app.id() + ": simulator not built yet");
        };
    }
}
