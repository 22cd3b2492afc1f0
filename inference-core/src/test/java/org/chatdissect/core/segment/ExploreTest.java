package org.chatdissect.core.segment;

import java.util.List;
import org.chatdissect.core.params.Parameters;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() {
        List<SyntheticWechat.Pkt> pk = SyntheticWechat.wudp(3, 6, 800);
        List<byte[]> payloads = pk.stream().map(p -> p.sample().prefix()).toList();
        long t0 = System.nanoTime();
        List<Segmentation> s = new IterativeSegmenter(Parameters.defaults()).segment(payloads);
        System.out.println("ms " + (System.nanoTime() - t0) / 1e6);
        PacketGrouping g = PacketGrouping.of(s, 0.10);
        g.groups().stream().limit(8).forEach(x -> System.out.println("  " + x.segmentation() + " " + x.share()));
    }
}
