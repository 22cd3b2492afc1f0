package org.chatdissect.datasets.wechat;

import static org.chatdissect.datasets.wechat.WeChatTask.Channel.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The simulated WeChat task catalogue: names, services (Table IV), opcodes and mean message sizes (Table V
 * where the paper gives them). For scoring tests only: the trainer must learn all of this from traffic.
 */
public final class WeChatCatalog {
    public static final String IM = "instant messaging";
    public static final String RTC = "real-time chatting";
    public static final String SNS = "social networking";
    public static final String MEDIA = "media access";
    public static final String SYSTEM = "system";

    private static final List<WeChatTask> TASKS = List.of(
            // instant messaging (Table V sizes for W-TCP)
            t("send_text", IM, 237, "user", TCP, 340, 221, "newsendmsg"),
            t("receive_text", IM, 138, "user", TCP, 196, 358, "newsync"),
            t("send_picture", IM, 9, "user", TCP, 4935, 209, "uploadmsgimg"),
            t("receive_picture", IM, 109, "user", TCP, 256, 38645, "getmsgimg"),
            t("send_voice", IM, 127, "user", TCP, 2191, 183, "uploadvoice"),
            t("receive_voice", IM, 128, "user", TCP, 276, 27143, "downloadvoice"),
            t("send_video", IM, 149, "user", TCP, 16405, 196, "uploadvideo"),
            t("receive_video", IM, 150, "user", TCP, 231, 53189, "downloadvideo"),
            t("send_emoji", IM, 175, "user", TCP, 406, 183, "sendemoji"),
            t("receive_emoji", IM, -1, "user", HTTP_POST, 331, 523, "getemotiondesc"),
            t("send_location", IM, 17, "user", TCP, 380, 210, "sendlocation"),
            t("send_card", IM, 18, "user", TCP, 450, 215, "sendcard"),
            t("revoke_message", IM, 94, "user", TCP, 260, 190, "revokemsg"),
            t("get_contact", IM, 182, "user", TCP, 220, 1800, "getcontact"),
            t("search_contact", IM, 106, "user", TCP, 180, 900, "searchcontact"),
            t("add_contact", IM, 137, "user", TCP, 260, 240, "verifyuser"),
            t("create_chatroom", IM, 119, "user", TCP, 420, 650, "createchatroom"),
            t("add_chatroom_member", IM, 120, "user", TCP, 300, 280, "addchatroommember"),
            t("quit_chatroom", IM, 179, "user", TCP, 240, 200, "delchatroommember"),
            // real-time chatting: W-TCP invitation, W-UDP chat, W-HTTP statistics
            t("voip_voice_call", RTC, 170, "user", VOIP, 520, 380, "voipinvite"),
            t("voip_video_call", RTC, 171, "user", VOIP, 540, 390, "voipinvite"),
            t("walkie_talkie", RTC, 172, "user", VOIP, 300, 260, "entertalkroom"),
            t("chat_heartbeat", RTC, -1, "periodic", VOIP, 24, 25, null),
            t("chat_signaling", RTC, -1, "triggered", VOIP, 70, 70, null),
            t("voip_stat_report", RTC, -1, "triggered", HTTP_POST, 1900, 380, "voipstatreport"),
            // social networking (Moments)
            t("refresh_moments", SNS, 211, "user", TCP, 330, 5200, "mmsnstimeline"),
            t("view_post", SNS, 212, "user", TCP, 200, 2400, "mmsnsobjectdetail"),
            t("view_user", SNS, 213, "user", TCP, 210, 7000, "mmsnsuserpage"),
            t("post_text", SNS, 209, "user", TCP, 520, 450, "mmsnspost"),
            t("post_photo", SNS, 207, "user", TCP, 48000, 300, "mmsnsupload"),
            t("delete_post", SNS, 218, "user", TCP, 190, 150, "mmsnsobjectop"),
            t("comment_post", SNS, 214, "user", TCP, 310, 260, "mmsnscomment"),
            t("like_post", SNS, 215, "user", TCP, 230, 180, "mmsnslike"),
            t("tag_post", SNS, 216, "user", TCP, 210, 160, "mmsnstagmemberop"),
            t("get_photos", SNS, -1, "user", HTTP_GET_SNS, 0, 90000, null),
            t("get_header_images", SNS, -1, "user", HTTP_GET_HEAD, 0, 9000, null),
            // media access
            t("media_access", MEDIA, -1, "user", HTTP_SUPPORT, 600, 260000, "getmedia"),
            t("read_article", MEDIA, -1, "user", HTTP_GET_WX, 0, 45000, null),
            t("share_link", MEDIA, 222, "user", TCP, 900, 240, "sendappmsg"),
            t("get_a8key", MEDIA, 233, "user", TCP, 420, 1100, "geta8key"),
            // system
            t("heartbeat", SYSTEM, 6, "periodic", TCP, 16, 16, null),
            t("connect", SYSTEM, 1, "triggered", TCP, 700, 1100, "auth"),
            t("query_news", SYSTEM, 121, "triggered", TCP, 180, 3000, "newinit"),
            t("sync", SYSTEM, 139, "triggered", TCP, 150, 900, "sync"),
            t("report", SYSTEM, 36, "triggered", TCP, 2400, 160, "kvreport"),
            t("get_config", SYSTEM, 75, "triggered", TCP, 160, 700, "getconfig"),
            t("push_news", SYSTEM, 24, "push", TCP, 420, 40, null));

    private static final Map<String, WeChatTask> BY_NAME;

    static {
        Map<String, WeChatTask> m = new LinkedHashMap<>();
        Map<Integer, String> ops = new LinkedHashMap<>();
        for (WeChatTask t : TASKS) {
            if (m.put(t.name(), t) != null) {
                throw new ExceptionInInitializerError("duplicate task " + t.name());
            }
            if (t.opcode() >= 0 && ops.put(t.opcode(), t.name()) != null) {
                throw new ExceptionInInitializerError("duplicate opcode " + t.opcode());
            }
        }
        BY_NAME = Map.copyOf(m);
    }

    private WeChatCatalog() {}

    private static WeChatTask t(String n, String s, int op, String kind, WeChatTask.Channel c, int req, int resp, String cgi) {
        return new WeChatTask(n, s, op, kind, c, req, resp, cgi);
    }

    /** All tasks, in catalogue order. */
    public static List<WeChatTask> tasks() {
        return TASKS;
    }

    public static List<WeChatTask> userTasks() {
        return TASKS.stream().filter(WeChatTask::userTask).toList();
    }

    public static WeChatTask byName(String name) {
        WeChatTask t = BY_NAME.get(name);
        if (t == null) {
            throw new NoSuchElementException("no WeChat task " + name);
        }
        return t;
    }

    public static boolean exists(String name) {
        return BY_NAME.containsKey(name);
    }
}
