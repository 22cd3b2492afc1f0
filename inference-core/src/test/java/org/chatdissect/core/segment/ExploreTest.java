package org.chatdissect.core.segment;

import java.util.List;
import org.chatdissect.core.params.Parameters;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() {
        List<SyntheticWechat.Pkt> pk = SyntheticWechat.wtcp(1, 8, 300);
        List<byte[]> payloads = pk.stream().map(SyntheticWechat.Pkt::payload).toList();
        for (String it : new String[] {"subcorpus", "global"}) {
            Parameters p = Parameters.defaults().with("segment.iteration", it);
            IterativeSegmenter seg = new IterativeSegmenter(p);
            for (List<Segmentation> s : List.of(seg.basic(payloads), seg.segment(payloads))) {
                PacketGrouping g = PacketGrouping.of(s, 0.10);
                System.out.println(it + " packets=" + s.size());
                g.groups().stream().limit(6).forEach(x -> System.out.println("  " + x.segmentation() + " " + x.share()
                        + " proto=" + x.members().length));
                long protoTrue = pk.stream().filter(x -> x.sample().protocol()).count();
                System.out.println("  true protocol share " + (double) protoTrue / pk.size());
            }
        }
    }
}
