package org.chatdissect.match.report;

/** Display names the paper uses. */
public final class Labels {
    private Labels() {}

    /** The paper calls WeChat's flow types W-TCP and W-HTTP; other apps keep the plain type. */
    public static String flowType(String app, String flowType) {
        return "wechat".equalsIgnoreCase(app) ? "W-" + flowType : flowType;
    }
}
