package org.chatdissect.datasets.wechat;

import java.util.List;
import org.chatdissect.datasets.sim.AppSession;
import org.chatdissect.datasets.sim.Device;
import org.chatdissect.datasets.sim.SimContext;

/** Adapts {@link WeChatClient} to the scenario drivers. */
public final class WeChatSession implements AppSession {
    private final WeChatClient client;

    public WeChatSession(SimContext ctx, Device dev, boolean httpPlatform) {
        this.client = new WeChatClient(ctx, dev, httpPlatform);
    }

    @Override
    public long start(long t) {
        return client.connect(t);
    }

    @Override
    public List<String> userTasks() {
        return WeChatCatalog.userTasks().stream().map(WeChatTask::name).toList();
    }

    @Override
    public long[] run(String task, long t) {
        if (!client.online()) {
            t = client.connect(t);
        }
        return client.run(WeChatCatalog.byName(task), t);
    }

    /** Picks a user task with the given weights (tasks absent from the map weigh 300). */
    public static String pickTask(java.util.SplittableRandom r, java.util.Map<String, Integer> weights) {
        List<WeChatTask> all = WeChatCatalog.userTasks();
        long total = 0;
        for (WeChatTask t : all) {
            total += weights.getOrDefault(t.name(), 300);
        }
        long x = r.nextLong(total);
        for (WeChatTask t : all) {
            x -= weights.getOrDefault(t.name(), 300);
            if (x < 0) {
                return t.name();
            }
        }
        return all.get(all.size() - 1).name();
    }

    @Override
    public String serviceOf(String task) {
        return WeChatCatalog.byName(task).service();
    }

    @Override
    public long stop(long t) {
        return client.disconnect(t);
    }
}
