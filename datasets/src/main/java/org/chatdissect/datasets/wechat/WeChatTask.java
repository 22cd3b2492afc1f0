package org.chatdissect.datasets.wechat;

/**
 * One WeChat task of the catalogue. {@code opcode} is the W-TCP byte-11 value, or -1 for tasks carried only
 * by W-HTTP; {@code kind} is user, periodic, triggered or push; {@code channel} says which flow type
 * carries the task on an Android client (the controlled device); {@code cgi} is the W-HTTP URL an
 * iPhone-like client uses instead (null when none).
 */
public record WeChatTask(String name, String service, int opcode, String kind, Channel channel,
                         int requestMean, int responseMean, String cgi) {

    public enum Channel { TCP, HTTP_POST, HTTP_SUPPORT, HTTP_GET_SNS, HTTP_GET_HEAD, HTTP_GET_WX, VOIP }

    public boolean userTask() {
        return kind.equals("user");
    }

    public String opcodeHex() {
        return opcode < 0 ? null : String.format("0x%02x", opcode);
    }
}
