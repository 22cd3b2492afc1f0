package org.chatdissect.core.segreport;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.fieldtype.FieldTypeInference;
import org.chatdissect.core.fieldtype.FieldTypeRefiner;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.fieldtype.ProtocolMessage;
import org.chatdissect.core.model.FieldType;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.params.Parameters.Refine;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.Message;
import org.chatdissect.core.segment.MessageAssembler;
import org.chatdissect.core.segment.PacketGrouping;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.Segmentation;

/**
 * What section III-A2/3 make of every message: iterative VE over the leading bytes of all packets of one transport,
 * grouping into protocol and non-protocol packets, defragmentation into messages, and field typing of each protocol
 * group (not only the dominant one, so that every message can be shown with the types of its own group).
 *
 * <p>A message headed by a packet of a protocol group gets that group's typed fields (with
 * {@code segment.refine=field_types} the group's boundaries are first corrected by {@link FieldTypeRefiner}); any
 * other message keeps VE's boundaries of its first packet, all fields {@code unidentified}.
 *
 * <p>Under {@code segment.refine=field_types} the transport's format is also learnt as the trainer learns it
 * ({@link FormatLearner}, whose fallback copes with headers followed by encrypted bytes, where VE finds no group):
 * packets carrying its constants and request/response values count as protocol packets and the messages they head
 * get its fields. Pure: the same flows give the same report.
 */
public final class SegmentReport {
    private final Parameters params;

    public SegmentReport(Parameters params) {
        this.params = params;
    }

    /** Messages of every flow, flows in input order, messages in stream order. TCP and UDP are learnt apart. */
    public List<MessageSegments> build(List<ReportFlow> flows) {
        List<List<MessageSegments>> perFlow = new ArrayList<>(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            perFlow.add(null);
        }
        for (boolean tcp : new boolean[] {true, false}) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < flows.size(); i++) {
                if (flows.get(i).tcp() == tcp) {
                    idx.add(i);
                }
            }
            List<List<MessageSegments>> got = transport(idx.stream().map(flows::get).toList());
            for (int k = 0; k < idx.size(); k++) {
                perFlow.set(idx.get(k), got.get(k));
            }
        }
        List<MessageSegments> out = new ArrayList<>();
        perFlow.forEach(out::addAll);
        return out;
    }

    /** One message under construction: its flow, first packet (global index) and the assembled message. */
    private record Pending(int flow, int packet, Message message) {}

    private List<List<MessageSegments>> transport(List<ReportFlow> flows) {
        List<byte[]> prefixes = new ArrayList<>();
        for (ReportFlow f : flows) {
            for (PayloadSample p : f.packets()) {
                prefixes.add(p.prefix());
            }
        }
        List<List<MessageSegments>> out = new ArrayList<>();
        if (prefixes.isEmpty()) {
            flows.forEach(f -> out.add(List.of()));
            return out;
        }
        List<Segmentation> segs = new IterativeSegmenter(params).segment(prefixes);
        PacketGrouping grouping = PacketGrouping.of(segs, params.segmentMinCoverage());
        List<PacketGrouping.Group> groups = grouping.protocolGroups();
        int[] groupOf = new int[prefixes.size()];
        java.util.Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.size(); g++) {
            for (int m : groups.get(g).members()) {
                groupOf[m] = g;
            }
        }

        boolean[] protocol = grouping.protocolMask();
        boolean[] inFormat = new boolean[prefixes.size()];
        List<InferredField> format = learnedFormat(flows);
        if (format != null) {
            for (int i = 0; i < prefixes.size(); i++) {
                inFormat[i] = FormatMatch.matches(prefixes.get(i), format);
                protocol[i] |= inFormat[i];
            }
        }
        List<Pending> pending = assemble(flows, protocol);
        List<List<InferredField>> typed = typeGroups(groups, groupOf, pending);

        for (int i = 0; i < flows.size(); i++) {
            out.add(new ArrayList<>());
        }
        for (Pending p : pending) {
            ReportFlow f = flows.get(p.flow());
            int g = groupOf[p.packet()];
            boolean lead = p.message().leadingFragment();
            List<FieldRow> rows = inFormat[p.packet()] && !lead ? rows(format)
                    : g >= 0 && !lead ? rows(typed.get(g))
                    : untyped(segs.get(p.packet()));
            out.get(p.flow()).add(new MessageSegments(f.file(), p.message().firstFrame(), f.id(),
                    p.message().totalLength(), boundaries(rows), rows));
        }
        return out;
    }

    /** Defragments every flow with the grouping's protocol mask; messages keep the index of their first packet. */
    private List<Pending> assemble(List<ReportFlow> flows, boolean[] protocol) {
        MessageAssembler asm = new MessageAssembler(params.segmentLeading());
        List<Pending> out = new ArrayList<>();
        int base = 0;
        for (int fi = 0; fi < flows.size(); fi++) {
            ReportFlow f = flows.get(fi);
            List<PayloadSample> relabelled = new ArrayList<>(f.packets().size());
            Long2IntOpenHashMap byFrame = new Long2IntOpenHashMap();
            for (int k = 0; k < f.packets().size(); k++) {
                PayloadSample p = f.packets().get(k);
                byFrame.putIfAbsent(p.frame(), base + k);
                relabelled.add(new PayloadSample(p.dir(), p.tsNanos(), p.frame(), p.prefix(), p.length(),
                        protocol[base + k]));
            }
            for (Message m : f.tcp() ? asm.assembleTcp(relabelled) : asm.assembleUdp(relabelled)) {
                out.add(new Pending(fi, byFrame.get(m.firstFrame()), m));
            }
            base += f.packets().size();
        }
        return out;
    }

    /** The trainer's format of these flows under {@code field_types}, or null (paper preset, nothing to match). */
    private List<InferredField> learnedFormat(List<ReportFlow> flows) {
        if (params.segmentRefine() != Refine.FIELD_TYPES) {
            return null;
        }
        List<FormatLearner.FlowPackets> fp = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            fp.add(new FormatLearner.FlowPackets(i, flows.get(i).tcp(), flows.get(i).packets()));
        }
        FormatLearner.LearnedFormat lf = new FormatLearner(params).learn(fp);
        List<InferredField> fields = lf.fields();
        return lf.messages() > 0 && hasMatchable(fields)
                ? fields : null;
    }

    private static boolean hasMatchable(List<InferredField> fields) {
        return fields.stream().anyMatch(f -> f.type() == FieldType.CONSTANT || f.type() == FieldType.REQRESP);
    }

    /** Types each protocol group over the messages it heads (refined first under {@code field_types}). */
    private List<List<InferredField>> typeGroups(List<PacketGrouping.Group> groups, int[] groupOf,
                                                 List<Pending> pending) {
        List<List<ProtocolMessage>> byGroup = new ArrayList<>();
        groups.forEach(g -> byGroup.add(new ArrayList<>()));
        long[] order = new long[pending.isEmpty() ? 0 : pending.get(pending.size() - 1).flow() + 1];
        for (Pending p : pending) {
            long o = order[p.flow()]++;
            int g = groupOf[p.packet()];
            if (g >= 0 && !p.message().leadingFragment()) {
                Message m = p.message();
                byGroup.get(g).add(new ProtocolMessage(p.flow(), m.direction(), o, m.prefix(), m.totalLength()));
            }
        }
        FieldTypeInference typing = new FieldTypeInference(params);
        FieldTypeRefiner refiner = new FieldTypeRefiner(params);
        List<List<InferredField>> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            FieldTypeInference.Sample s = FieldTypeInference.sample(byGroup.get(g));
            Segmentation seg = groups.get(g).segmentation();
            if (params.segmentRefine() == Refine.FIELD_TYPES && s.size() > 0) {
                seg = refiner.refine(s, seg);
            }
            out.add(s.size() > 0 ? typing.infer(s, seg) : untypedFields(seg));
        }
        return out;
    }

    private static List<InferredField> untypedFields(Segmentation seg) {
        List<InferredField> out = new ArrayList<>();
        for (int f = 0; f < seg.fieldCount(); f++) {
            out.add(new InferredField(seg.fieldStart(f), seg.fieldEnd(f) - seg.fieldStart(f), FieldType.UNIDENTIFIED,
                    List.of(), null, null, null));
        }
        return out;
    }

    private static List<FieldRow> rows(List<InferredField> fields) {
        return fields.stream().map(f -> new FieldRow(f.offset(), f.length(), f.type())).toList();
    }

    private static List<FieldRow> untyped(Segmentation seg) {
        return rows(untypedFields(seg));
    }

    /** Field starts after 0: typed fields may merge VE's fields (a run of constants is one magic number). */
    private static int[] boundaries(List<FieldRow> rows) {
        return rows.stream().mapToInt(FieldRow::offset).filter(o -> o > 0).toArray();
    }
}
