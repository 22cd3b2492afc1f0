package org.chatdissect.core.fieldtype;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;

/**
 * The fields of a length-prefix framing's frames, as the trainer learns them for framed streams
 * ({@code HeaderFormatInference.withFraming}) and the segment report shows them: every sampled frame is one message
 * ({@link FormatLearner#learnMessages}), and the framing's field is the length with its relation to the frame
 * (docs/design/inference.md, "Stream framing"). Pure.
 */
public final class FramedFormat {
    private FramedFormat() {}

    /**
     * One framed stream: a key of its flow (frames of both directions of one flow are learnt as one flow), its
     * direction, the framing's result over it (its sampled frames, its longest frame) and the capture time of each of
     * the direction's payloads (by the payload index of {@link LengthPrefixFraming.Frame#payload}).
     */
    public record Stream(long flow, Direction dir, LengthPrefixFraming.StreamResult result, IntToLongFunction payloadTime) {}

    /**
     * What came out: the frames as messages per flow (in the order the flows first appear, each flow's frames in
     * time order), the fields typing gave them, those fields with the framing's length, and the longest frame of
     * the streams (all frames walked, not only the sampled ones).
     */
    public record Learnt(List<FormatLearner.FlowPackets> frames, List<InferredField> typed, List<InferredField> fields,
                         long longest) {
        public Learnt {
            frames = List.copyOf(frames);
            typed = List.copyOf(typed);
            fields = List.copyOf(fields);
        }

        public long frameCount() {
            return frames.stream().mapToLong(f -> f.packets().size()).sum();
        }
    }

    /** Learns the frames of the streams sharing framing {@code c}. */
    public static Learnt learn(Parameters params, LengthPrefixFraming.Candidate c, List<Stream> streams) {
        // frames per flow (both directions when both are framed alike), in time order
        Map<Long, List<PayloadSample>> byFlow = new LinkedHashMap<>();
        long maxFrame = 0;
        for (Stream s : streams) {
            List<PayloadSample> frames = byFlow.computeIfAbsent(s.flow(), k -> new ArrayList<>());
            for (LengthPrefixFraming.Frame fr : s.result().sample()) {
                // the frame number only identifies a message within the learner: frames sharing a segment need their own
                frames.add(new PayloadSample(s.dir(), s.payloadTime().applyAsLong(fr.payload()), frames.size() + 1,
                        fr.prefix(), (int) fr.length(), true));
            }
            maxFrame = Math.max(maxFrame, s.result().maxLength());
        }
        List<FormatLearner.FlowPackets> fps = new ArrayList<>();
        for (Map.Entry<Long, List<PayloadSample>> e : byFlow.entrySet()) {
            List<PayloadSample> l = new ArrayList<>(e.getValue());
            l.sort(Comparator.comparingLong(PayloadSample::tsNanos));
            List<PayloadSample> numbered = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                PayloadSample p = l.get(i);
                numbered.add(new PayloadSample(p.dir(), p.tsNanos(), i + 1, p.prefix(), p.length(), true));
            }
            fps.add(new FormatLearner.FlowPackets(e.getKey(), false, numbered));
        }
        FormatLearner.LearnedFormat lf = new FormatLearner(params).learnMessages(fps);
        List<InferredField> fields = joinUnidentified(withFramingLength(lf.fields(), c,
                frameLimit(maxFrame, params.lengthMaxFactor())));
        return new Learnt(fps, lf.fields(), fields, maxFrame);
    }

    /**
     * Whether the fields type the candidate's length: a length field holding its low-order byte, same byte order,
     * and, when typing gave it a relation, the framing's (a relation the chain contradicts does not describe it).
     */
    public static boolean typesLength(List<InferredField> fields, LengthPrefixFraming.Candidate c) {
        int low = c.little() ? c.offset() : c.end() - 1;
        for (InferredField f : fields) {
            if (f.type() == FieldType.LENGTH && f.offset() <= low && low < f.offset() + f.length()
                    && (c.width() == 1 || f.length() == 1 || ("little".equals(f.endian()) == c.little()))
                    && (f.adjust() == null || f.adjust() == c.adjust())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The longest frame a framed format accepts, as field typing bounds a length ({@code LengthRelations}):
     * {@code length.max_factor} times the longest frame of the framed streams (all their frames, not only the sampled
     * ones), rounded up to a power of two. One trace's longest frame is not the sender's bound.
     */
    public static long frameLimit(long longest, int factor) {
        long want = longest >= Long.MAX_VALUE / 4 / factor ? Long.MAX_VALUE / 4 : longest * factor;
        return Long.highestOneBit(Math.max(1, want - 1)) << 1;
    }

    /**
     * The learnt fields with the framing's length field: fields overlapping it give way (constants keep their bytes
     * outside it, other types become unidentified there), and the length carries its relation to the frame: value +
     * the framing's adjust = frame length, up to {@code maxFrame}, or field typing's larger max for the same adjust
     * (typing sees only the sampled frames; the chain, walked over every frame, is the evidence for the adjust).
     */
    public static List<InferredField> withFramingLength(List<InferredField> typed, LengthPrefixFraming.Candidate c,
                                                        long maxFrame) {
        String endian = c.width() > 1 && c.little() ? "little" : "big";
        for (InferredField f : typed) {
            if (f.type() == FieldType.LENGTH && f.offset() == c.offset() && f.length() == c.width()
                    && (c.width() == 1 || endian.equals(f.endian()))) {
                long max = f.maxMessage() != null && f.adjust() != null && f.adjust() == c.adjust()
                        ? Math.max(maxFrame, f.maxMessage()) : maxFrame;
                List<InferredField> out = new ArrayList<>(typed);
                out.set(typed.indexOf(f), f.withLengthRelation(c.adjust(), max));
                return out;
            }
        }
        List<InferredField> out = new ArrayList<>();
        int a = c.offset();
        int b = c.end();
        for (InferredField f : typed) {
            int fa = f.offset();
            int fb = f.offset() + f.length();
            if (fb <= a || fa >= b) {
                out.add(f);
                continue;
            }
            if (fa < a) {
                out.add(part(f, fa, a));
            }
            if (fb > b) {
                out.add(part(f, b, fb));
            }
        }
        out.add(new InferredField(a, c.width(), FieldType.LENGTH, List.of(), null, null, endian)
                .withLengthRelation(c.adjust(), maxFrame));
        out.sort(Comparator.comparingInt(InferredField::offset));
        return out;
    }

    /**
     * Adjacent unidentified fields as one: typing all frames from single bytes leaves the bytes no test could type
     * (random data) one field each.
     */
    public static List<InferredField> joinUnidentified(List<InferredField> in) {
        List<InferredField> out = new ArrayList<>();
        for (InferredField f : in) {
            InferredField last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.type() == FieldType.UNIDENTIFIED && f.type() == FieldType.UNIDENTIFIED
                    && last.offset() + last.length() == f.offset()) {
                out.set(out.size() - 1, new InferredField(last.offset(), last.length() + f.length(), FieldType.UNIDENTIFIED,
                        List.of(), null, null, null));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Bytes [from, to) of a field cut by the framing's length: a constant keeps its bytes, anything else is untyped. */
    private static InferredField part(InferredField f, int from, int to) {
        if (f.type() == FieldType.CONSTANT) {
            byte[] v = java.util.Arrays.copyOfRange(f.values().get(0), from - f.offset(), to - f.offset());
            return new InferredField(from, to - from, FieldType.CONSTANT, List.of(v), null, null, null);
        }
        return new InferredField(from, to - from, FieldType.UNIDENTIFIED, List.of(), null, null, null);
    }
}
