package org.chatdissect.bench.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatdissect.core.fieldtype.FieldTypeInference;
import org.chatdissect.core.fieldtype.FieldTypeRefiner;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.fieldtype.FormatLearner.FlowPackets;
import org.chatdissect.core.fieldtype.FormatLearner.LearnedFormat;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.fieldtype.ProtocolMessage;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.Message;
import org.chatdissect.core.segment.MessageAssembler;
import org.chatdissect.core.segment.PacketGrouping;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.Segmentation;

/**
 * Training speed (bench command, wall clock, one cold run per size): synthetic W-TCP flows of N messages
 * ({@link SyntheticWTcp}) go through the header stages of the trainer, each timed on its own (iterative VE,
 * grouping, defragmentation, field typing, refinement), then through {@link FormatLearner#learn} end to end, which
 * is what training runs per format. Usage: {@code TrainBench [paper|improved] [N...]} (default improved 250000
 * 500000 1000000).
 */
public final class TrainBench {
    private TrainBench() {}

    public static void main(String[] args) {
        Parameters params = args.length > 0 && args[0].equals("paper") ? Parameters.defaults() : Parameters.improved();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(250_000, 500_000, 1_000_000);
        }
        System.out.println("| messages | packets | VE | grouping | defrag | typing | refine | FormatLearner end to end | its CPU time | format |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int n : sizes) {
            run(params, n);
        }
    }

    private static void run(Parameters params, int n) {
        List<FlowPackets> flows = SyntheticWTcp.flows(n, 1000, 1);
        List<byte[]> prefixes = new ArrayList<>();
        for (FlowPackets f : flows) {
            for (PayloadSample p : f.packets()) {
                prefixes.add(p.prefix());
            }
        }
        long t0 = System.nanoTime();
        List<Segmentation> segs = new IterativeSegmenter(IterativeSegmenter.Config.of(params)).segment(prefixes);
        long t1 = System.nanoTime();
        PacketGrouping g = PacketGrouping.of(segs, params.segmentMinCoverage());
        long t2 = System.nanoTime();
        List<ProtocolMessage> msgs = new ArrayList<>();
        MessageAssembler asm = new MessageAssembler(params.segmentLeading());
        int base = 0;
        for (FlowPackets f : flows) {
            List<PayloadSample> rel = new ArrayList<>(f.packets().size());
            for (int k = 0; k < f.packets().size(); k++) {
                PayloadSample p = f.packets().get(k);
                rel.add(new PayloadSample(p.dir(), p.tsNanos(), p.frame(), p.prefix(), p.length(), g.isProtocol(base + k)));
            }
            long order = 0;
            for (Message m : asm.assembleTcp(rel)) {
                msgs.add(new ProtocolMessage(f.flowId(), m.direction(), order++, m.prefix(), m.totalLength()));
            }
            base += f.packets().size();
        }
        long t3 = System.nanoTime();
        Segmentation dominant = g.protocolGroups().isEmpty() ? new Segmentation(16, new int[] {4, 8, 11, 12})
                : g.protocolGroups().get(0).segmentation();
        FieldTypeInference.Sample sample = FieldTypeInference.sample(msgs);
        List<InferredField> typed = new FieldTypeInference(FieldTypeInference.Config.of(params)).infer(sample, dominant);
        long t4 = System.nanoTime();
        Segmentation refined = new FieldTypeRefiner(FieldTypeInference.Config.of(params), params.veMaxFieldLength()).refine(sample, dominant);
        long t5 = System.nanoTime();
        long cpu0 = processCpuNanos();
        LearnedFormat lf = new FormatLearner(params).learn(flows);
        long t6 = System.nanoTime();
        long cpu = processCpuNanos() - cpu0;
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | **%.1f s** | %.1f s | %s |%n", n,
                prefixes.size(), s(t1 - t0), s(t2 - t1), s(t3 - t2), s(t4 - t3), s(t5 - t4), s(t6 - t5), s(cpu),
                lf.fields());
        if (typed.isEmpty() || refined == null) {
            throw new IllegalStateException("nothing typed");
        }
    }

    /** CPU time of the whole JVM (all threads, GC included): on a shared machine wall time alone misleads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double s(long nanos) {
        return nanos / 1e9;
    }
}
