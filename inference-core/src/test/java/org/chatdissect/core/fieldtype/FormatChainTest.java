package org.chatdissect.core.fieldtype;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.SyntheticWechat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The full chain (iterative VE, grouping, defragmentation, field typing) on synthetic W-TCP and W-UDP traffic. */
@Tag("slow")
class FormatChainTest {

    static List<FormatLearner.FlowPackets> flows(List<SyntheticWechat.Pkt> pkts, boolean tcp) {
        Map<Long, List<PayloadSample>> byFlow = new TreeMap<>();
        for (SyntheticWechat.Pkt p : pkts) {
            byFlow.computeIfAbsent(p.flowId(), k -> new ArrayList<>()).add(p.sample());
        }
        List<FormatLearner.FlowPackets> out = new ArrayList<>();
        byFlow.forEach((id, ps) -> out.add(new FormatLearner.FlowPackets(id, tcp, ps)));
        return out;
    }

    static String describe(FormatLearner.LearnedFormat f) {
        return f.fields().stream().map(InferredField::toString).collect(Collectors.joining(", "));
    }

    @Test
    void refinedChainRecoversFigure2() {
        var format = new FormatLearner(Parameters.improved()).learn(flows(SyntheticWechat.wtcp(7, 8, 300), true));
        assertEquals("0-3 length big +0 <=1048576, 4-7 constant 00100001, 8-10 reqresp 000000/3b9aca, 11 opcode x20, "
                + "12-15 sequence big", describe(format));
    }

    @Test
    void refinedChainRecoversFigure3ChatContent() {
        var format = new FormatLearner(Parameters.improved()).learn(flows(SyntheticWechat.wudp(3, 6, 800), false));
        String d = describe(format);
        org.junit.jupiter.api.Assertions.assertTrue(d.contains("1 opcode x6, 2-3 sequence big, 4 constant 05"), d);
    }

    @Test
    void paperChainReport() {
        for (var params : List.of(Parameters.defaults(), Parameters.defaults().with("segment.iteration", "global"))) {
            var tcp = new FormatLearner(params).learn(flows(SyntheticWechat.wtcp(7, 8, 300), true));
            var udp = new FormatLearner(params).learn(flows(SyntheticWechat.wudp(3, 6, 800), false));
            System.out.println(params.segmentIteration() + " TCP: " + tcp.segmentation() + " -> " + describe(tcp)
                    + " share " + tcp.protocolShare());
            System.out.println(params.segmentIteration() + " UDP: " + udp.segmentation() + " -> " + describe(udp));
        }
    }
}
