package org.chatdissect.core.segreport;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.fieldtype.FramedFormat;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.flow.FlowTableStats;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.segment.Message;
import org.chatdissect.core.segment.MessageAssembler;
import org.chatdissect.core.segment.PacketGrouping;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.core.train.FlowSamples;
import org.chatdissect.core.train.FormatPipeline;
import org.chatdissect.core.train.HeaderFormat;
import org.chatdissect.core.train.TrainingCollector;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;

/**
 * Every message of a capture with the fields training learns (sections III-A2 to III-A4): the header formats come from
 * {@link FormatPipeline}, the one path {@code train} takes, run on the same flows; the report only shows them.
 *
 * <p>Messages are the packets of each transport assembled as the paper does (iterative VE over the leading bytes,
 * grouping into protocol and non-protocol packets, defragmentation), a packet carrying a learnt format's constants and
 * request/response values counting as a protocol packet. A message headed by such a packet gets the typed fields of
 * the first learnt format of its transport that matches it, as the matcher would give it, and its own VE boundaries
 * where the format typed nothing ({@link #withOwnBoundaries}); any other message keeps VE's
 * boundaries of its first packet, all fields {@code unidentified}: training learnt nothing of it.
 *
 * <p>TCP directions framed by a length prefix ({@link ReportFlow#framed}, found by {@link ReportCollector} as the
 * trainer finds them; improved preset) are shown as their frames, one message each, in stream order with the flow's
 * other messages: its frame number is that of the packet holding the frame's first byte, with the byte's offset in
 * that packet. A frame gets the fields of the first learnt TCP format that types the framing's length and matches the
 * stream's first frame (or has nothing to match: a format of frames whose only structure is their length), the format
 * training gives that stream. Packets of the direction before the chain starts (a registration line) or after its last
 * frame stay messages of packets. The framed packets still take part in segmentation and grouping, so every other
 * message is the same as without framing. Pure: the same flows and formats give the same report.
 */
public final class SegmentReport {
    private final Parameters params;

    public SegmentReport(Parameters params) {
        this.params = params;
    }

    /**
     * The flows read from captures, the formats learnt from them, the report made of them, and how the captures were
     * read (every packet accounted for, the readers' warnings).
     */
    public record Run(List<ReportFlow> flows, List<HeaderFormat> formats, List<MessageSegments> messages,
                      CaptureStats capture, FlowTableStats table) {
        public Run {
            flows = List.copyOf(flows);
            formats = List.copyOf(formats);
            messages = List.copyOf(messages);
        }
    }

    /**
     * The report of captures as {@code chatdissect segment} makes it, and the only way it is made: one pass collects the
     * flows to show ({@link ReportCollector}) and what training learns from ({@link FormatPipeline#collector}), the
     * pipeline learns the formats, then {@link #build}. The boundary benchmark scores this.
     */
    public static Run run(List<Path> inputs, Parameters params, boolean allFlows, FlowTableConfig config)
            throws IOException {
        TrainingCollector learning = FormatPipeline.collector(params, allFlows);
        ReportCollector.Read read = ReportCollector.read(inputs, params, allFlows, config, learning);
        List<ReportFlow> flows = read.flows();
        List<HeaderFormat> formats = FormatPipeline.learn(params, List.of(), learning.headerFlows(), line -> { })
                .formats();
        return new Run(flows, formats, new SegmentReport(params).build(flows, formats), read.capture(), read.table());
    }

    /**
     * The report of flows held in memory: the formats are learnt from their payloads alone (no addresses, text lines
     * or framing, which only captures give; see {@link FlowSamples#of}).
     */
    List<MessageSegments> build(List<ReportFlow> flows) {
        List<FlowSamples> samples = new ArrayList<>(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            samples.add(FlowSamples.of(i, flows.get(i).tcp(), flows.get(i).packets()));
        }
        return build(flows, FormatPipeline.learn(params, List.of(), samples, line -> { }).formats());
    }

    /** Messages of every flow, flows in input order, messages in stream order. TCP and UDP are shown apart. */
    public List<MessageSegments> build(List<ReportFlow> flows, List<HeaderFormat> formats) {
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
            FlowType type = tcp ? FlowType.TCP : FlowType.UDP;
            List<List<MessageSegments>> got = transport(idx.stream().map(flows::get).toList(),
                    formats.stream().filter(h -> h.flowType() == type).toList());
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

    private List<List<MessageSegments>> transport(List<ReportFlow> flows, List<HeaderFormat> formats) {
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
        List<Segmentation> segs = new IterativeSegmenter(IterativeSegmenter.Config.of(params)).segment(prefixes);
        boolean[] protocol = PacketGrouping.of(segs, params.segmentMinCoverage()).protocolMask();
        List<List<FieldRow>> formatRows = formats.stream().map(h -> FieldRow.of(h.fields())).toList();
        int[] formatOf = new int[prefixes.size()];
        for (int i = 0; i < prefixes.size(); i++) {
            formatOf[i] = firstMatching(prefixes.get(i), formats);
            protocol[i] |= formatOf[i] >= 0;
        }

        // framed directions (improved preset): their frames replace the messages of the packets the frames cover; the
        // packets stay in segmentation and grouping, so every other message is what it was without framing
        boolean[] covered = covered(flows, prefixes.size());
        List<Pending> shown = assemble(flows, protocol, covered);
        List<List<Shown>> frames = covered == null ? null : frames(flows, formats);

        for (int i = 0; i < flows.size(); i++) {
            out.add(new ArrayList<>());
        }
        List<List<Shown>> all = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            all.add(frames == null ? new ArrayList<>() : frames.get(i));
        }
        for (Pending p : shown) {
            ReportFlow f = flows.get(p.flow());
            int h = formatOf[p.packet()];
            List<FieldRow> rows = h >= 0 && !p.message().leadingFragment()
                    ? withOwnBoundaries(formatRows.get(h), segs.get(p.packet())) : untyped(segs.get(p.packet()));
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

    /** The first of the formats whose constants and request/response values a prefix carries, or -1. */
    private static int firstMatching(byte[] prefix, List<HeaderFormat> formats) {
        for (int h = 0; h < formats.size(); h++) {
            if (InferredField.headerMatches(prefix, formats.get(h).fields(), false)) {
                return h;
            }
        }
        return -1;
    }

    /**
     * The frames of every framed direction as messages, per flow, with the fields of the learnt format that training
     * gives the stream (see the class comment); a stream no format describes shows its frames as one unidentified
     * field within the scope.
     */
    private List<List<Shown>> frames(List<ReportFlow> flows, List<HeaderFormat> formats) {
        List<List<Shown>> out = new ArrayList<>();
        int base = 0;
        for (ReportFlow f : flows) {
            List<Shown> l = new ArrayList<>();
            for (FramedStream s : f.framed()) {
                int[] idx = directionPackets(f, s.dir());
                HeaderFormat by = describing(formats, s);
                String name = s.candidate().toString();
                for (int i = 0; i < s.frames(); i++) {
                    int k = idx[s.payload(i)];
                    List<FieldRow> r = by != null ? FieldRow.of(by.fields()) : List.of(new FieldRow(0,
                            (int) Math.min(s.length(i), params.segmentScope() == 0 ? Integer.MAX_VALUE
                                    : params.segmentScope()), FieldType.UNIDENTIFIED));
                    l.add(new Shown(base + k, s.offset(i), new MessageSegments(f.file(), f.packets().get(k).frame(),
                            f.id(), s.length(i), boundaries(r), r, s.offset(i), name)));
                }
            }
            out.add(l);
            base += f.packets().size();
        }
        return out;
    }

    /** The learnt format of a framed stream: the first typing its framing's length that its first frame agrees with. */
    private static HeaderFormat describing(List<HeaderFormat> formats, FramedStream s) {
        byte[] first = s.framing().sample().isEmpty() ? new byte[0] : s.framing().sample().get(0).prefix();
        for (HeaderFormat h : formats) {
            boolean criteria = h.fields().stream().anyMatch(InferredField::isCriterion);
            if (FramedFormat.typesLength(h.fields(), s.candidate())
                    && (!criteria || InferredField.headerMatches(first, h.fields(), false))) {
                return h;
            }
        }
        return null;
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

    private static List<InferredField> untypedFields(Segmentation seg) {
        List<InferredField> out = new ArrayList<>();
        for (int f = 0; f < seg.fieldCount(); f++) {
            out.add(new InferredField(seg.fieldStart(f), seg.fieldEnd(f) - seg.fieldStart(f), FieldType.UNIDENTIFIED,
                    List.of(), null, null, null));
        }
        return out;
    }

    /**
     * A learnt format's typed fields, and where it learnt no type (its unidentified fields, the bytes past its end) the
     * message's own segmentation: an unidentified field of a format says only that the messages differ there, while
     * the message's own boundaries are a guess about this message.
     */
    static List<FieldRow> withOwnBoundaries(List<FieldRow> format, Segmentation own) {
        List<FieldRow> out = new ArrayList<>();
        int at = 0;
        for (FieldRow r : format) {
            if (r.type() == FieldType.UNIDENTIFIED && r.mask() == null) {
                continue; // a flags byte's varying bits stay with its other bit fields
            }
            ownRows(own, at, r.offset(), out);
            out.add(r);
            at = r.offset() + r.length();
        }
        ownRows(own, at, Math.max(at, own.length()), out);
        return out;
    }

    /** Untyped rows of {@code own}'s fields cut to {@code [from, to)}. */
    private static void ownRows(Segmentation own, int from, int to, List<FieldRow> out) {
        int start = from;
        for (int f = 0; f < own.fieldCount() && start < to; f++) {
            int end = Math.min(to, own.fieldEnd(f));
            if (end > start) {
                out.add(new FieldRow(start, end - start, FieldType.UNIDENTIFIED));
                start = end;
            }
        }
        if (start < to) {
            out.add(new FieldRow(start, to - start, FieldType.UNIDENTIFIED));
        }
    }

    private static List<FieldRow> untyped(Segmentation seg) {
        return FieldRow.of(untypedFields(seg));
    }

    /** Field starts after 0: typed fields may merge VE's fields (a run of constants is one magic number). */
    private static int[] boundaries(List<FieldRow> rows) {
        return rows.stream().mapToInt(FieldRow::offset).filter(o -> o > 0).distinct().toArray();
    }
}
