package org.chatdissect.core.fieldtype;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chatdissect.core.params.Parameters.Refine;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.IterativeSegmenter;
import org.chatdissect.core.segment.Message;
import org.chatdissect.core.segment.MessageAssembler;
import org.chatdissect.core.segment.PacketGrouping;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.segment.Segmentation;
import org.chatdissect.model.FieldType;

/**
 * The format chain of section III-A2/3 for one transport's packets: iterative VE over every packet's leading bytes, grouping into
 * protocol and non-protocol packets, defragmentation, and field typing of the dominant protocol group.
 *
 * <p>With {@code segment.refine=field_types} two steps follow: the dominant group's fields are corrected by
 * {@link FieldTypeRefiner}, and packets are re-labelled protocol when they carry the learnt constants and
 * request/response values (the feedback of section III-B applied within training), because identical-segmentation
 * groups split the protocol packets over variants that differ only inside variable fields; messages are then
 * re-assembled and re-typed.
 */
public final class FormatLearner {
    /** One flow's packets in stream order; the {@code protocol} flag of the samples is ignored. */
    public record FlowPackets(long flowId, boolean tcp, List<PayloadSample> packets) {
        public FlowPackets {
            packets = List.copyOf(packets);
        }
    }

    /** The learnt format, the share of packets taken as protocol packets, and the number of typed messages. */
    public record LearnedFormat(Segmentation segmentation, List<InferredField> fields, double protocolShare,
                                int messages) {
        public LearnedFormat {
            fields = List.copyOf(fields);
        }
    }

    // the whole table: this class composes the stages below, each of which reads only its own record
    private final Parameters params;
    private final IterativeSegmenter segmenter;
    private final FieldTypeInference.Config typing;
    private final LengthRelations.Config lengths;

    /**
     * Leading bytes of a learnt format's messages that field typing reads: {@code format.scope} when above
     * {@code segment.scope} (VE still segments {@code segment.scope}; the bytes after it start as single bytes), else
     * {@code segment.scope}; 0 when the scope is {@code ALL}. Also what the collectors keep of each payload.
     */
    public static int typedScope(Parameters params) {
        int s = params.segmentScope();
        return s == 0 ? 0 : Math.max(s, params.formatScope());
    }

    public FormatLearner(Parameters params) {
        this.params = params;
        this.segmenter = new IterativeSegmenter(IterativeSegmenter.Config.of(params));
        this.typing = FieldTypeInference.Config.of(params);
        this.lengths = LengthRelations.Config.of(params);
    }

    private FieldTypeRefiner refiner() {
        return new FieldTypeRefiner(typing, params.veMaxFieldLength());
    }

    public LearnedFormat learn(List<FlowPackets> flows) {
        return learn(flows, null);
    }

    /**
     * @param seed when VE finds no protocol group, the packets to start the refinement from (for example those
     *     carrying an anchor byte); null starts from every packet long enough for the scope
     */
    public LearnedFormat learn(List<FlowPackets> flows, java.util.function.Predicate<byte[]> seed) {
        List<byte[]> prefixes = new ArrayList<>();
        for (FlowPackets f : flows) {
            for (PayloadSample p : f.packets()) {
                prefixes.add(p.prefix());
            }
        }
        List<Segmentation> segs = segmenter.segment(prefixes);
        PacketGrouping grouping = PacketGrouping.of(segs, params.segmentMinCoverage());
        Segmentation dominant;
        boolean[] mask;
        boolean[] inDominant = new boolean[prefixes.size()];
        if (!grouping.protocolGroups().isEmpty()) {
            dominant = grouping.protocolGroups().get(0).segmentation();
            mask = grouping.protocolMask();
            int[] members = grouping.protocolGroups().get(0).members();
            for (int i : members) {
                inDominant[i] = true;
            }
            if (params.segmentRefine() != Refine.NONE) {
                purify(prefixes, members, mask, inDominant);
            }
        } else if (params.segmentRefine() != Refine.NONE && !prefixes.isEmpty()) {
            // VE found no common structure (short headers followed by encrypted bytes): start
            // the refinement from single bytes over the packets long enough for the scope.
            int len = params.segmentScope() == 0 ? 16 : params.segmentScope();
            int[] all = new int[len - 1];
            for (int b = 1; b < len; b++) {
                all[b - 1] = b;
            }
            dominant = new Segmentation(len, all);
            mask = new boolean[prefixes.size()];
            for (int i = 0; i < prefixes.size(); i++) {
                mask[i] = prefixes.get(i).length >= len && (seed == null || seed.test(prefixes.get(i)));
                inDominant[i] = mask[i];
            }
        } else {
            return new LearnedFormat(new Segmentation(1, new int[0]), List.of(), 0, 0);
        }
        List<ProtocolMessage> msgs = messages(flows, mask, inDominant);
        FieldTypeInference typing = new FieldTypeInference(this.typing);
        if (params.segmentRefine() == Refine.NONE) {
            return new LearnedFormat(dominant, typing.infer(msgs, dominant), share(mask), msgs.size());
        }
        FieldTypeRefiner refiner = refiner();
        Segmentation refined = refiner.refine(FieldTypeInference.sample(msgs), dominant);
        List<InferredField> fields = LengthRelations.attach(FieldTypeInference.sample(msgs), typing.infer(msgs, refined),
                lengths);
        List<InferredField> criteria = robustCriteria(fields, prefixes);
        boolean[] matching = new boolean[prefixes.size()];
        for (int i = 0; i < prefixes.size(); i++) {
            matching[i] = matches(prefixes.get(i), criteria);
        }
        List<ProtocolMessage> all = messages(flows, matching, matching);
        FieldTypeInference.Sample allSample = FieldTypeInference.sample(all);
        Segmentation finalSeg = refiner.refine(allSample, refined);
        if (all.size() >= params.formatMinPackets()) {
            // bytes past VE's scope are typed on evidence alone: a handful of messages (an endpoint's login
            // records) would make any byte run there look like a length or a constant
            finalSeg = extended(finalSeg);
        }
        if (finalSeg.length() > refined.length()) {
            finalSeg = refiner.refine(allSample, finalSeg);
        }
        List<InferredField> typed = LengthRelations.attach(allSample, typing.infer(allSample, finalSeg), lengths);
        return new LearnedFormat(finalSeg, withoutUntypedTail(typed, refined.length()), share(matching), all.size());
    }

    /**
     * The segmentation grown to {@link Parameters#formatScope()}: a header longer than {@code segment.scope} (an
     * opcode at byte 20) keeps its tail only if field typing reads it, and VE over more bytes costs a multiple of the
     * time. The bytes after VE's scope start as single-byte fields, which the refiner then joins by type evidence as
     * it does where VE finds no group.
     */
    private Segmentation extended(Segmentation seg) {
        int to = typedScope(params);
        if (to <= seg.length()) {
            return seg;
        }
        int[] b = java.util.Arrays.copyOf(seg.boundaries(), seg.boundaries().length + (to - seg.length()));
        for (int i = seg.length(), k = seg.boundaries().length; i < to; i++) {
            b[k++] = i;
        }
        return new Segmentation(to, b);
    }

    /** Unidentified fields past VE's scope describe nothing: the header is cut after its last typed field there. */
    private static List<InferredField> withoutUntypedTail(List<InferredField> fields, int scope) {
        int end = fields.size();
        while (end > 0 && fields.get(end - 1).type() == FieldType.UNIDENTIFIED
                && fields.get(end - 1).offset() >= scope) {
            end--;
        }
        return end == fields.size() ? fields : List.copyOf(fields.subList(0, end));
    }

    /**
     * Types messages known to be whole messages of one format: the frames of length-prefix framed streams
     * ({@code core.segment.LengthPrefixFraming}), where the framing, not VE's grouping, says which bytes start a
     * message. Every packet of {@code flows} is one message: no grouping, no defragmentation, no re-labelling (which
     * would keep only a subgroup carrying some constant, the video records with an address among media frames).
     * Field boundaries start from single bytes and are corrected by type evidence over all messages
     * ({@link FieldTypeRefiner}), as the improved preset does when VE finds no group. Improved preset only.
     */
    public LearnedFormat learnMessages(List<FlowPackets> flows) {
        List<ProtocolMessage> msgs = new ArrayList<>();
        for (FlowPackets f : flows) {
            long order = 0;
            for (PayloadSample p : f.packets()) {
                msgs.add(new ProtocolMessage(f.flowId(), p.dir(), order++, p.prefix(), p.length()));
            }
        }
        int len = params.segmentScope() == 0 ? 16 : params.segmentScope();
        int[] all = new int[len - 1];
        for (int b = 1; b < len; b++) {
            all[b - 1] = b;
        }
        FieldTypeInference.Sample sample = FieldTypeInference.sample(msgs);
        Segmentation seg = refiner().refine(sample, new Segmentation(len, all));
        return new LearnedFormat(seg, LengthRelations.attach(sample, new FieldTypeInference(typing).infer(sample, seg), lengths),
                msgs.isEmpty() ? 0 : 1, msgs.size());
    }

    /**
     * VE's dominant group may hold a few packets that are not headers of its format, random continuation packets
     * that VE happened to cut the same way: 2 of 344,479 members in one measured
     * case, enough to make a 4-byte magic number of every real header fail the strict constant test, after which typing and
     * re-labelling find nothing. Every non-zero byte value held by at least {@code segment.group_purity} of the
     * members is required of all of them (as the trainer's anchor conjunction does); the members lacking one become
     * continuation packets. Zero bytes are not required: they are mostly the high bytes of small numbers.
     */
    private void purify(List<byte[]> prefixes, int[] members, boolean[] mask, boolean[] inDominant) {
        double purity = params.segmentGroupPurity();
        if (purity <= 0 || members.length == 0) {
            return;
        }
        int scope = params.segmentScope() == 0 ? 16 : params.segmentScope();
        int[][] counts = new int[scope][256];
        for (int i : members) {
            byte[] p = prefixes.get(i);
            for (int o = 0; o < Math.min(scope, p.length); o++) {
                counts[o][p[o] & 0xff]++;
            }
        }
        List<int[]> required = new ArrayList<>();
        for (int o = 0; o < scope; o++) {
            for (int v = 1; v < 256; v++) {
                if (counts[o][v] >= purity * members.length) {
                    required.add(new int[] {o, v});
                }
            }
        }
        for (int i : members) {
            byte[] p = prefixes.get(i);
            for (int[] r : required) {
                if (p.length <= r[0] || (p[r[0]] & 0xff) != r[1]) {
                    inDominant[i] = false;
                    mask[i] = false;
                    break;
                }
            }
        }
    }

    /** Assembles every flow with {@code protocol} and returns the messages headed by a packet in {@code keep}. */
    private List<ProtocolMessage> messages(List<FlowPackets> flows, boolean[] protocol, boolean[] keep) {
        MessageAssembler asm = new MessageAssembler(params.segmentLeading());
        List<ProtocolMessage> out = new ArrayList<>();
        int base = 0;
        for (FlowPackets f : flows) {
            List<PayloadSample> relabelled = new ArrayList<>(f.packets().size());
            it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap frames = new it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap();
            frames.defaultReturnValue(-1);
            for (int k = 0; k < f.packets().size(); k++) {
                PayloadSample p = f.packets().get(k);
                frames.put(p.frame(), k);
                relabelled.add(new PayloadSample(p.dir(), p.tsNanos(), p.frame(), p.prefix(), p.length(),
                        protocol[base + k]));
            }
            List<Message> ms = f.tcp() ? asm.assembleTcp(relabelled) : asm.assembleUdp(relabelled);
            long order = 0;
            for (Message m : ms) {
                if (m.leadingFragment()) {
                    continue;
                }
                int k = frames.get(m.firstFrame());
                if (k >= 0 && keep[base + k]) {
                    out.add(new ProtocolMessage(f.flowId(), m.direction(), order, m.prefix(), m.totalLength()));
                }
                order++;
            }
            base += f.packets().size();
        }
        return out;
    }

    /**
     * Re-labelling skips all-zero constants: such a constant is usually the high bytes of a number that the typed
     * group never saw large (a length below 64 KiB); requiring it would keep the largest messages out for good.
     */
    private static boolean matches(byte[] prefix, List<InferredField> fields) {
        return InferredField.headerMatches(prefix, fields, true);
    }

    private static double share(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) {
            c += b ? 1 : 0;
        }
        return mask.length == 0 ? 0 : (double) c / mask.length;
    }


    /**
     * The constants to re-label protocol packets by. A VE group can come from one login session, so a
     * session value (an account number) looks constant inside it; over all packets that carry the
     * format's other constants and request/response values, a true magic number holds in (nearly) all of
     * them, a session value does not. Constants holding in less than 95% are dropped from the criteria.
     */
    private static List<InferredField> robustCriteria(List<InferredField> fields, List<byte[]> prefixes) {
        List<InferredField> keep = new ArrayList<>();
        for (InferredField f : fields) {
            if (f.type() != FieldType.CONSTANT) {
                keep.add(f);
                continue;
            }
            List<InferredField> others = new ArrayList<>(fields);
            others.remove(f);
            long withOthers = 0;
            long withThis = 0;
            for (byte[] p : prefixes) {
                if (matches(p, others)) {
                    withOthers++;
                    if (matches(p, List.of(f))) {
                        withThis++;
                    }
                }
            }
            if (withOthers == 0 || withThis >= 0.95 * withOthers) {
                keep.add(f);
            }
        }
        return keep;
    }
}
