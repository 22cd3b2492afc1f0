package org.chatdissect.datasets.scenario;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.chatdissect.datasets.background.BackgroundUser;
import org.chatdissect.datasets.net.Host;
import org.chatdissect.datasets.net.Rand;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;
import org.chatdissect.datasets.wechat.WeChatSession;

/**
 * An operator's view (paper §IV): users arrive one after another (so only live sessions use memory), each
 * with background traffic; about half also run WeChat, others run the other chat apps. Task choice follows
 * the user counts of Table IV, so refreshing Moments and fetching photos dominate and downlink wins.
 */
public final class OperatorScenario {
    private static final Map<String, Integer> WECHAT_WEIGHTS = Map.ofEntries(
            Map.entry("refresh_moments", 52490), Map.entry("get_photos", 25480), Map.entry("receive_text", 18964),
            Map.entry("media_access", 16390), Map.entry("send_text", 15679), Map.entry("get_header_images", 14430),
            Map.entry("receive_voice", 7259), Map.entry("view_user", 7133), Map.entry("comment_post", 5375),
            Map.entry("send_voice", 5029), Map.entry("view_post", 3358), Map.entry("receive_picture", 2593),
            Map.entry("send_picture", 1962), Map.entry("post_text", 1842), Map.entry("receive_emoji", 1814),
            Map.entry("post_photo", 1324), Map.entry("send_emoji", 1216), Map.entry("like_post", 1500),
            Map.entry("voip_voice_call", 60), Map.entry("voip_video_call", 30), Map.entry("walkie_talkie", 10));

    private final SimContext ctx;
    private final SplittableRandom rnd;
    private final long epoch;
    private final List<OtherApp> others;

    /** Another chat app that joins the mix, with the share of users running it. */
    public record OtherApp(double share, BiFunction<SimContext, Device, AppSession> factory, double meanGapSeconds) {}

    public OperatorScenario(SimContext ctx, long epochMicros, List<OtherApp> others) {
        this.ctx = ctx;
        this.rnd = ctx.split();
        this.epoch = epochMicros;
        this.others = others;
    }

    public void schedule() {
        ctx.scheduler.at(epoch, this::arrival);
    }

    private void arrival() {
        long t = ctx.scheduler.now();
        boolean v6 = rnd.nextInt(100) < 15;
        int vlan = rnd.nextInt(100) < 30 ? 100 + rnd.nextInt(8) : 0;
        Host h = ctx.addresses.client(v6, vlan);
        Device dev = new Device(h, ctx.split());
        long life = Rand.micros(300 + Rand.exp(rnd, 1500));
        long end = t + life;
        new BackgroundUser(ctx, dev, end, 0.5 + rnd.nextDouble()).schedule(t + rnd.nextInt(2_000_000));
        if (rnd.nextBoolean()) {
            WeChatSession s = new WeChatSession(ctx, dev, rnd.nextInt(100) < 35);
            drive(s, dev, t + rnd.nextInt(5_000_000), end, 90, WeChatSession::pickTask);
        }
        for (OtherApp o : others) {
            if (rnd.nextDouble() < o.share()) {
                AppSession s = o.factory().apply(ctx, dev);
                drive(s, dev, t + rnd.nextInt(10_000_000), end, o.meanGapSeconds(), null);
            }
        }
        ctx.scheduler.at(t + Rand.micros(Rand.exp(rnd, 0.25)), this::arrival);
    }

    private interface Picker {
        String pick(SplittableRandom r, Map<String, Integer> weights);
    }

    private void drive(AppSession s, Device dev, long start, long end, double meanGap, Picker weighted) {
        ctx.scheduler.at(start, () -> {
            long ready = s.start(ctx.scheduler.now());
            ctx.scheduler.at(ready + Rand.micros(Rand.exp(rnd, meanGap)), () -> task(s, end, meanGap, weighted));
        });
    }

    private void task(AppSession s, long end, double meanGap, Picker weighted) {
        long t = ctx.scheduler.now();
        if (t >= end) {
            s.stop(t);
            return;
        }
        List<String> tasks = s.userTasks();
        String name = weighted != null ? weighted.pick(rnd, WECHAT_WEIGHTS) : tasks.get(rnd.nextInt(tasks.size()));
        long[] se = s.run(name, t);
        ctx.scheduler.at(se[1] + Rand.micros(Rand.exp(rnd, meanGap)), () -> task(s, end, meanGap, weighted));
    }
}
