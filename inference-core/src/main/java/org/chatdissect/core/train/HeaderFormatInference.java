package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.fieldtype.FormatLearner.FlowPackets;
import org.chatdissect.core.fieldtype.FormatLearner.LearnedFormat;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.model.Direction;
import org.chatdissect.core.model.FieldType;
import org.chatdissect.core.model.FlowType;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.Message;
import org.chatdissect.core.segment.MessageAssembler;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.core.semantics.OpcodeCorrelator;
import org.chatdissect.core.semantics.OpcodeEvent;
import org.chatdissect.core.semantics.OpcodeSemantics;

/**
 * Learns the header formats of one transport's flows (sections III-A2 to III-A4).
 *
 * <p>{@link FormatLearner} types the dominant protocol group only, while an application may speak several
 * formats over one transport (the paper's four W-UDP signature types share the relay flows). So formats
 * are peeled: learn the dominant one, take away what it matches (whole flows for TCP, where
 * continuation packets of a matched message would otherwise look like a new random format; matched
 * packets for UDP, where one flow mixes types), and learn again on the rest while it still holds at
 * least the segmentation coverage threshold of the packets.
 */
final class HeaderFormatInference {
    static final int MAX_FORMATS = 6;
    private static final int MIN_PACKETS = 20;

    private final Parameters params;
    private final List<ManifestEntry> manifest;

    HeaderFormatInference(Parameters params, List<ManifestEntry> manifest) {
        this.params = params;
        this.manifest = manifest;
    }

    List<HeaderFormat> learn(FlowType type, List<FlowSamples> flows) {
        List<HeaderFormat> out = new ArrayList<>();
        List<FlowSamples> remaining = flows;
        long total = packets(flows);
        for (int round = 0; round < MAX_FORMATS; round++) {
            long left = packets(remaining);
            if (left < MIN_PACKETS) {
                break;
            }
            LearnedFormat lf = new FormatLearner(params).learn(toFlowPackets(remaining));
            if (lf.messages() == 0 || !hasMatchableField(lf.fields())) {
                break;
            }
            long matched = 0;
            List<FlowSamples> rest = new ArrayList<>();
            List<FlowSamples> matchedFlows = new ArrayList<>();
            for (FlowSamples f : remaining) {
                FlowSamples unmatched = new FlowSamples(f.id, f.protocol, f.client, f.server, f.serverPort);
                unmatched.flowType = f.flowType;
                long m = 0;
                for (PayloadSample p : f.packets) {
                    if (HeaderMatch.matches(p.prefix(), lf.fields())) {
                        m++;
                    } else {
                        unmatched.packets.add(p);
                    }
                }
                matched += m;
                if (m > 0) {
                    matchedFlows.add(f);
                }
                if (f.tcp() ? m == 0 : !unmatched.packets.isEmpty()) {
                    rest.add(f.tcp() ? f : unmatched);
                }
            }
            if (matched == 0 || (double) matched / left < params.segmentMinCoverage()) {
                break;
            }
            String name = out.isEmpty() ? type.name() : type.name() + "-" + (out.size() + 1);
            out.add(new HeaderFormat(name, type, scopeOf(lf), lf.fields(), opcodes(matchedFlows, lf.fields()),
                    servers(matchedFlows), (double) matched / total, lf.messages()));
            remaining = rest;
        }
        return out;
    }

    private int scopeOf(LearnedFormat lf) {
        int end = 0;
        for (InferredField f : lf.fields()) {
            end = Math.max(end, f.offset() + f.length());
        }
        return params.segmentScope() == 0 ? end : Math.max(end, Math.min(params.segmentScope(), end));
    }

    private static boolean hasMatchableField(List<InferredField> fields) {
        return fields.stream().anyMatch(f -> f.type() == FieldType.CONSTANT || f.type() == FieldType.REQRESP);
    }

    /** Opcode occurrences of the format's messages, correlated with the manifest and with time. */
    private List<OpcodeSemantics> opcodes(List<FlowSamples> flows, List<InferredField> fields) {
        InferredField op = HeaderMatch.opcodeField(fields);
        if (op == null) {
            return List.of();
        }
        HexFormat hex = HexFormat.of();
        List<OpcodeEvent> events = new ArrayList<>();
        MessageAssembler asm = new MessageAssembler(params.segmentLeading());
        for (FlowSamples f : flows) {
            List<PayloadSample> labelled = new ArrayList<>(f.packets.size());
            for (PayloadSample p : f.packets) {
                labelled.add(new PayloadSample(p.dir(), p.tsNanos(), p.frame(), p.prefix(), p.length(),
                        HeaderMatch.matches(p.prefix(), fields)));
            }
            for (Message m : f.tcp() ? asm.assembleTcp(labelled) : asm.assembleUdp(labelled)) {
                byte[] pre = m.prefix();
                if (m.leadingFragment() || pre.length < op.offset() + op.length() || !HeaderMatch.matches(pre, fields)) {
                    continue;
                }
                String code = hex.formatHex(pre, op.offset(), op.offset() + op.length());
                events.add(new OpcodeEvent(f.id, m.tsNanos(), code, m.direction(),
                        HeaderMatch.isRequest(pre, fields, m.direction() == Direction.UP)));
            }
        }
        return new OpcodeCorrelator(params).correlate(events, manifest);
    }

    private static List<HeaderFormat.Endpoint> servers(List<FlowSamples> flows) {
        TreeSet<HeaderFormat.Endpoint> s = new TreeSet<>();
        for (FlowSamples f : flows) {
            s.add(new HeaderFormat.Endpoint(f.server, f.serverPort));
        }
        return new ArrayList<>(s);
    }

    private static List<FlowPackets> toFlowPackets(List<FlowSamples> flows) {
        List<FlowPackets> out = new ArrayList<>(flows.size());
        for (FlowSamples f : flows) {
            out.add(new FlowPackets(f.id, f.tcp(), f.packets));
        }
        return out;
    }

    private static long packets(List<FlowSamples> flows) {
        long n = 0;
        for (FlowSamples f : flows) {
            n += f.packets.size();
        }
        return n;
    }
}
