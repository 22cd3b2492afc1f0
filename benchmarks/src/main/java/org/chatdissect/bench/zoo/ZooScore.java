package org.chatdissect.bench.zoo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatdissect.bench.boundaries.BoundaryScore;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.datasets.net.MessageTag;
import org.chatdissect.datasets.zoo.ZooProtocol;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.TaskKind;
import org.chatdissect.store.match.HeaderSignatures;

/**
 * How well a signature set describes a zoo protocol, scored against the drawn truth on the protocol's capture:
 * <ul>
 * <li>per header bit of every message: the type of the learnt field holding it in the first header signature that
 * matches the message, against the truth type (a message no signature matches, or a bit no field holds, counts as
 * unidentified). Bits, not bytes, because a flags byte's bits have types of their own; a byte of one type counts as
 * its eight bits;</li>
 * <li>header boundaries: the learnt fields' edges inside the header against the truth fields' (pooled F1);</li>
 * <li>opcode to task: the share of user tasks whose opcode (the truth field's bytes) maps to the task's name;</li>
 * <li>periodic: the heartbeat's opcode learnt as periodic; triggered: the sync's opcode learnt as triggered;</li>
 * <li>message types: the V-measure of the messages' clusters by learnt opcode value (messages no signature with an
 * opcode matches form one cluster) against their truth tasks.</li>
 * </ul>
 */
public record ZooScore(long bits, long bitsRight, BoundaryScore boundaries, int tasks, int tasksRight,
        boolean periodic, boolean triggered, long messages, long messagesMatched, double vMeasure) {

    public double typeAccuracy() {
        return bits == 0 ? Double.NaN : bitsRight / (double) bits;
    }

    public double taskAccuracy() {
        return tasks == 0 ? Double.NaN : tasksRight / (double) tasks;
    }

    private static final Pattern FRAME = Pattern.compile("\"frame\":(\\d+),");
    private static final Pattern TASK = Pattern.compile("\"task\":\"([^\"]*)\"");

    /** Scores {@code set} against the protocol and its capture in {@code dir} (as {@code Zoo.generate} wrote it). */
    public static ZooScore of(ZooProtocol p, Path dir, SignatureSet set) throws IOException {
        java.util.Map<Long, String> starts = new java.util.HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("truth-messages.jsonl"))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                Matcher m = FRAME.matcher(l);
                Matcher t = TASK.matcher(l);
                if (l.contains("\"app\":\"zoo\"") && m.find() && t.find()) {
                    starts.put(Long.parseLong(m.group(1)), t.group(1));
                }
            }
        }
        java.util.Map<String, Long> pairs = new java.util.TreeMap<>();
        List<MessageTag.FieldSpec> truth = p.truthFields();
        String[] truthType = new String[8 * p.headerLength];
        for (MessageTag.FieldSpec f : truth) {
            for (int b = f.offset(); b < f.offset() + f.length(); b++) {
                for (int bit = 0; bit < 8; bit++) {
                    if (f.mask() == null || (f.mask() & 1 << bit) != 0) {
                        truthType[8 * b + bit] = f.type();
                    }
                }
            }
        }
        int[] truthEdges = edges(truth.stream().map(f -> new int[] {f.offset(), f.offset() + f.length()}).toList(),
                p.headerLength);
        FlowType ft = p.tcp ? FlowType.TCP : FlowType.UDP;
        long bits = 0;
        long right = 0;
        long messages = 0;
        long matched = 0;
        BoundaryScore bs = BoundaryScore.EMPTY;
        CaptureStats stats = new CaptureStats();
        PacketDecoder decoder = new PacketDecoder(stats);
        PacketRecord rec = new PacketRecord();
        DecodedPacket pkt = new DecodedPacket();
        try (PacketSource src = CaptureReader.open(List.of(dir.resolve("capture.pcap")), stats)) {
            while (src.next(rec)) {
                if (!starts.containsKey(rec.frameNumber) || !decoder.decode(rec, pkt)
                        || pkt.payloadLength < p.headerLength) {
                    continue;
                }
                messages++;
                Signature sig = null;
                for (Signature s : set.signatures()) {
                    if (s.isHeaderSignature() && s.flowType() == ft
                            && HeaderSignatures.matches(s, pkt.payload, pkt.payloadOffset, pkt.payloadLength)) {
                        sig = s;
                        break;
                    }
                }
                String cluster = "none";
                if (sig != null && sig.opcodeField().isPresent()) {
                    FieldSpec op = sig.opcodeField().get();
                    cluster = sig.name() + ":" + java.util.HexFormat.of().formatHex(pkt.payload,
                            pkt.payloadOffset + op.offset(), pkt.payloadOffset + op.end());
                }
                pairs.merge(starts.get(rec.frameNumber) + "\u0000" + cluster, 1L, Long::sum);
                List<int[]> learnt = new ArrayList<>();
                if (sig != null) {
                    matched++;
                    for (FieldSpec f : sig.fields()) {
                        learnt.add(new int[] {f.offset(), f.end()});
                    }
                }
                for (int b = 0; b < 8 * p.headerLength; b++) {
                    String type = "unidentified";
                    if (sig != null) {
                        for (FieldSpec f : sig.fields()) {
                            if (b / 8 >= f.offset() && b / 8 < f.end() && (f.byteMask() & 1 << b % 8) != 0) {
                                type = f.type().jsonName();
                            }
                        }
                    }
                    bits++;
                    right += type.equals(truthType[b]) ? 1 : 0;
                }
                bs = bs.plus(BoundaryScore.of(edges(learnt, p.headerLength), truthEdges));
            }
        }
        int tasksRight = 0;
        for (String t : p.tasks) {
            OpcodeInfo o = opcode(set, ft, p.opcodeHex(t));
            tasksRight += o != null && o.kind() == TaskKind.USER && o.task().equals(t) ? 1 : 0;
        }
        OpcodeInfo hb = opcode(set, ft, p.opcodeHex(ZooProtocol.HEARTBEAT));
        OpcodeInfo sync = opcode(set, ft, p.opcodeHex(ZooProtocol.SYNC));
        return new ZooScore(bits, right, bs, p.tasks.size(), tasksRight, hb != null && hb.kind() == TaskKind.PERIODIC,
                sync != null && sync.kind() == TaskKind.TRIGGERED, messages, matched, vMeasure(pairs));
    }

    /** V-measure (Rosenberg and Hirschberg 2007) of counts keyed {@code class \0 cluster}; 1 for no messages. */
    static double vMeasure(java.util.Map<String, Long> pairs) {
        java.util.Map<String, Long> classes = new java.util.HashMap<>();
        java.util.Map<String, Long> clusters = new java.util.HashMap<>();
        double n = 0;
        for (var e : pairs.entrySet()) {
            String[] cc = e.getKey().split("\u0000", 2);
            classes.merge(cc[0], e.getValue(), Long::sum);
            clusters.merge(cc[1], e.getValue(), Long::sum);
            n += e.getValue();
        }
        if (n == 0) {
            return 1.0;
        }
        double hC = entropy(classes.values(), n);
        double hK = entropy(clusters.values(), n);
        double hCgivenK = 0;
        double hKgivenC = 0;
        for (var e : pairs.entrySet()) {
            String[] cc = e.getKey().split("\u0000", 2);
            double joint = e.getValue() / n;
            hCgivenK -= joint * Math.log(e.getValue() / (double) clusters.get(cc[1]));
            hKgivenC -= joint * Math.log(e.getValue() / (double) classes.get(cc[0]));
        }
        double h = hC == 0 ? 1 : 1 - hCgivenK / hC;
        double c = hK == 0 ? 1 : 1 - hKgivenC / hK;
        return h + c == 0 ? 0 : 2 * h * c / (h + c);
    }

    private static double entropy(java.util.Collection<Long> counts, double n) {
        double h = 0;
        for (long k : counts) {
            h -= k / n * Math.log(k / n);
        }
        return h;
    }

    /** The opcode entry of the first header signature of the transport that lists it, or null. */
    private static OpcodeInfo opcode(SignatureSet set, FlowType ft, String hex) {
        for (Signature s : set.signatures()) {
            if (s.isHeaderSignature() && s.flowType() == ft && s.opcodes().containsKey(hex)) {
                return s.opcodes().get(hex);
            }
        }
        return null;
    }

    /** Field edges strictly inside (0, headerLength), sorted, distinct: the boundaries within the header. */
    private static int[] edges(List<int[]> spans, int headerLength) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (int[] s : spans) {
            for (int e : s) {
                if (e > 0 && e < headerLength) {
                    out.add(e);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
