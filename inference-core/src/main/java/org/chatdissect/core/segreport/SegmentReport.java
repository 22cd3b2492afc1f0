package org.chatdissect.core.segreport;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatdissect.core.fieldtype.FieldTypeInference;
import org.chatdissect.core.fieldtype.FieldTypeRefiner;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.fieldtype.FramedFormat;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.fieldtype.ProtocolMessage;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.model.Direction;
import org.chatdissect.core.model.FieldType;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.params.Parameters.Refine;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.LengthPrefixFraming;
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
 * get its fields.
 *
 * <p>TCP directions framed by a length prefix ({@link ReportFlow#framed}, found by {@link ReportCollector} as the
 * trainer finds them; improved preset) are shown as their frames, one message each, in stream order with the flow's
 * other messages: its frame number is that of the packet holding the frame's first byte, with the byte's offset in
 * that packet, and its fields are those the trainer learns from frames ({@link FramedFormat}, per framing over the
 * sampled frames of all its streams, the framing's length typed with its relation). Packets of the direction before
 * the chain starts (a registration line) or after its last frame stay messages of packets. The framed packets still
 * take part in segmentation, grouping and typing, so every other message is the same as without framing. Pure: the
 * same flows give the same report.
 */
public final class SegmentReport {
    private final Parameters params;

    public SegmentReport(Parameters params) {
        this.params = params;
    }

    /** The flows read from captures and the report made of them. */
    public record Run(List<ReportFlow> flows, List<MessageSegments> messages) {
        public Run {
            flows = List.copyOf(flows);
            messages = List.copyOf(messages);
        }
    }

    /**
     * The report of captures as {@code chatdissect segment} makes it, and the only way it is made: the flows
     * {@link ReportCollector} reads with {@code params}' view, then {@link #build}. The boundary benchmark scores this.
     */
    public static Run run(List<Path> inputs, Parameters params, boolean allFlows, FlowTableConfig config)
            throws IOException {
        List<ReportFlow> flows = ReportCollector.read(inputs, params, allFlows, config);
        return new Run(flows, new SegmentReport(params).build(flows));
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
                inFormat[i] = InferredField.headerMatches(prefixes.get(i), format, false);
                protocol[i] |= inFormat[i];
            }
        }
        List<Pending> pending = assemble(flows, protocol, null);
        List<List<InferredField>> typed = typeGroups(groups, groupOf, pending);

        // framed directions (improved preset): their frames replace the messages of the packets the frames cover; the
        // packets stay in segmentation, grouping and typing, so every other message is what it was without framing
        boolean[] covered = covered(flows, prefixes.size());
        List<Pending> shown = covered == null ? pending : assemble(flows, protocol, covered);
        List<List<Shown>> frames = covered == null ? null : frames(flows);

        for (int i = 0; i < flows.size(); i++) {
            out.add(new ArrayList<>());
        }
        List<List<Shown>> all = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            all.add(frames == null ? new ArrayList<>() : frames.get(i));
        }
        for (Pending p : shown) {
            ReportFlow f = flows.get(p.flow());
            int g = groupOf[p.packet()];
            boolean lead = p.message().leadingFragment();
            List<FieldRow> rows = inFormat[p.packet()] && !lead ? rows(format)
                    : g >= 0 && !lead ? rows(typed.get(g))
                    : untyped(segs.get(p.packet()));
            all.get(p.flow()).add(new Shown(p.packet(), 0, new MessageSegments(f.file(), p.message().firstFrame(), f.id(),
                    p.message().totalLength(), boundaries(rows), rows)));
        }
        for (int i = 0; i < flows.size(); i++) {
            List<Shown> l = all.get(i);
            if (frames != null && !flows.get(i).framed().isEmpty()) {
                // stream order: by the packet holding the message's first byte, then by the byte (frames sharing it)
                l.sort(Comparator.comparingInt(Shown::packet).thenComparingInt(Shown::offset));
            }
            for (Shown m : l) {
                out.get(i).add(m.message());
            }
        }
        return out;
    }

    /** A message to show, by its first byte: packet (global index) and offset in it. */
    private record Shown(int packet, int offset, MessageSegments message) {}

    /**
     * Which packets (global index) the frames of framed directions cover: those of the direction from the chain's
     * first payload on whose first byte lies before the end of the last frame. Null when no flow is framed, or
     * framing is off ({@code segment.refine=none}, the paper's view, or {@code framing.starts=0}).
     */
    private boolean[] covered(List<ReportFlow> flows, int packets) {
        if (LengthPrefixFraming.Config.ifOn(params) == null || flows.stream().allMatch(f -> f.framed().isEmpty())) {
            return null;
        }
        boolean[] out = new boolean[packets];
        int base = 0;
        for (ReportFlow f : flows) {
            for (FramedStream s : f.framed()) {
                if (s.frames() == 0) {
                    continue;
                }
                int[] idx = directionPackets(f, s.dir());
                long[] pos = positions(f, idx);
                int last = s.frames() - 1;
                long end = pos[s.payload(last)] + s.offset(last) + s.length(last);
                for (int k = s.framing().startPayload(); k < idx.length && pos[k] < end; k++) {
                    out[base + idx[k]] = true;
                }
            }
            base += f.packets().size();
        }
        return out;
    }

    /** Indices (in the flow's packets) of the payloads of one direction. */
    private static int[] directionPackets(ReportFlow f, Direction dir) {
        int n = 0;
        for (PayloadSample p : f.packets()) {
            n += p.dir() == dir ? 1 : 0;
        }
        int[] out = new int[n];
        int j = 0;
        for (int k = 0; k < f.packets().size(); k++) {
            if (f.packets().get(k).dir() == dir) {
                out[j++] = k;
            }
        }
        return out;
    }

    /** Stream offset of each payload of a direction (the payloads' lengths added up). */
    private static long[] positions(ReportFlow f, int[] idx) {
        long[] pos = new long[idx.length];
        long at = 0;
        for (int k = 0; k < idx.length; k++) {
            pos[k] = at;
            at += f.packets().get(idx[k]).length();
        }
        return pos;
    }

    /**
     * The frames of every framed direction as messages, per flow, with the fields the trainer learns from frames
     * ({@link FramedFormat}: the sampled frames of all streams sharing a framing, one message each, and the framing's
     * length with its relation).
     */
    private List<List<Shown>> frames(List<ReportFlow> flows) {
        Map<LengthPrefixFraming.Candidate, List<FramedFormat.Stream>> byFraming = new LinkedHashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            ReportFlow f = flows.get(i);
            for (FramedStream s : f.framed()) {
                int[] idx = directionPackets(f, s.dir());
                byFraming.computeIfAbsent(s.candidate(), k -> new ArrayList<>()).add(new FramedFormat.Stream(i, s.dir(),
                        s.framing(), k -> f.packets().get(idx[k]).tsNanos()));
            }
        }
        Map<LengthPrefixFraming.Candidate, List<FieldRow>> rows = new LinkedHashMap<>();
        byFraming.forEach((c, streams) -> rows.put(c, rows(FramedFormat.learn(params, c, streams).fields())));
        List<List<Shown>> out = new ArrayList<>();
        int base = 0;
        for (ReportFlow f : flows) {
            List<Shown> l = new ArrayList<>();
            for (FramedStream s : f.framed()) {
                int[] idx = directionPackets(f, s.dir());
                List<FieldRow> r = rows.get(s.candidate());
                int[] b = boundaries(r);
                String name = s.candidate().toString();
                for (int i = 0; i < s.frames(); i++) {
                    int k = idx[s.payload(i)];
                    l.add(new Shown(base + k, s.offset(i), new MessageSegments(f.file(), f.packets().get(k).frame(),
                            f.id(), s.length(i), b, r, s.offset(i), name)));
                }
            }
            out.add(l);
            base += f.packets().size();
        }
        return out;
    }

    /**
     * Defragments every flow with the grouping's protocol mask; messages keep the index of their first packet.
     * Packets marked in {@code skip} (null: none) are left out.
     */
    private List<Pending> assemble(List<ReportFlow> flows, boolean[] protocol, boolean[] skip) {
        MessageAssembler asm = new MessageAssembler(params.segmentLeading());
        List<Pending> out = new ArrayList<>();
        int base = 0;
        for (int fi = 0; fi < flows.size(); fi++) {
            ReportFlow f = flows.get(fi);
            List<PayloadSample> relabelled = new ArrayList<>(f.packets().size());
            Long2IntOpenHashMap byFrame = new Long2IntOpenHashMap();
            for (int k = 0; k < f.packets().size(); k++) {
                if (skip != null && skip[base + k]) {
                    continue;
                }
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
        return fields.stream().map(f -> f.adjust() == null ? new FieldRow(f.offset(), f.length(), f.type())
                : new FieldRow(f.offset(), f.length(), f.type(), f.endian(), f.adjust(), f.maxMessage())).toList();
    }

    private static List<FieldRow> untyped(Segmentation seg) {
        return rows(untypedFields(seg));
    }

    /** Field starts after 0: typed fields may merge VE's fields (a run of constants is one magic number). */
    private static int[] boundaries(List<FieldRow> rows) {
        return rows.stream().mapToInt(FieldRow::offset).filter(o -> o > 0).toArray();
    }
}
