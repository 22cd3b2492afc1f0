package org.chatdissect.datasets.wechat;

import java.util.SplittableRandom;
import org.chatdissect.datasets.net.Rand;

/**
 * The long server's side of a W-TCP flow: how long it takes to answer and how big the answer is, and when
 * it originates a request of its own (news push).
 */
final class WeChatLongServer {
    private final SplittableRandom rnd;

    WeChatLongServer(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    long thinkMicros() {
        return 8_000 + rnd.nextInt(70_000);
    }

    long responseLength(WeChatTask task) {
        return size(task.responseMean());
    }

    long requestLength(WeChatTask task) {
        return size(task.requestMean());
    }

    private long size(int mean) {
        if (mean <= WeChatTcpHeader.LENGTH) {
            return WeChatTcpHeader.LENGTH;
        }
        return Rand.around(rnd, mean, WeChatTcpHeader.LENGTH + 8);
    }

    /** Gap until the next server-originated news push; news arrives a few times an hour. */
    long nextPushGap() {
        return Rand.micros(Rand.exp(rnd, 1200));
    }
}
