package org.chatdissect.bench.boundaries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segreport.MessageSegments;
import org.chatdissect.core.segreport.SegmentReport;

/**
 * The boundary figure of the command a user runs: {@code chatdissect segment --scope all --all-flows --in CAPTURES}
 * over each protocol's captures (every flow of them, whatever its protocol, as the user gives them), each message
 * the report shows scored against tshark's dissection of the same frame. A truth message the report does not show as
 * a message starting at its frame's payload counts with no boundary found (all its boundaries missed).
 *
 * <p>This differs from {@link BoundaryBench}'s other columns, which hand each segmenter the truth messages of one
 * protocol only (an oracle separation of protocols no user has). Usage: {@code java -cp ... SegmentCommandBench
 * [CAPTURE_DIR] [--set key=value]...}, default {@code ../shared/captures/ndpi}, the default preset.
 */
public final class SegmentCommandBench {
    /**
     * The two halves of the real-capture protocols for choosing on one and reporting the other (and the reverse):
     * fixed once, alternately by the order of {@link BoundaryCorpus#standard()}, before any figure of this split was
     * seen.
     */
    public static final List<String> HALF_A = List.of("DNS", "DHCP", "SMB", "DNP3", "S7comm", "TFTP");
    public static final List<String> HALF_B = List.of("NTP", "NBNS", "Modbus", "IEC104", "SNMP");

    private SegmentCommandBench() {}

    /** tshark's messages of each capture of a corpus, by file name. */
    public static Map<String, List<DissectedMessage>> truthByFile(Path dir, BoundaryCorpus c) throws Exception {
        Map<String, List<DissectedMessage>> out = new LinkedHashMap<>();
        for (String f : c.captures()) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) {
                out.put(f, TsharkFieldTruth.extract(p, c.displayFilter(), BoundaryCorpus.MAX_MESSAGES_PER_FILE));
            }
        }
        return out;
    }

    /** The segment command's parameters for this benchmark: {@code params} with the whole payload segmented. */
    public static Parameters wholeMessages(Parameters params) {
        return params.with("segment.scope", "ALL");
    }

    /** Runs the segment report over the corpus's captures and scores its messages against the truth. */
    public static BoundaryScore score(Path dir, Map<String, List<DissectedMessage>> truth, Parameters params)
            throws IOException {
        List<Path> inputs = truth.keySet().stream().map(dir::resolve).toList();
        List<MessageSegments> report = SegmentReport.run(inputs, wholeMessages(params), true, FlowTableConfig.defaults())
                .messages();
        Map<String, MessageSegments> byFrame = new HashMap<>();
        for (MessageSegments m : report) {
            if (m.offset() <= 0) {
                byFrame.putIfAbsent(Path.of(m.file()).getFileName() + "#" + m.frame(), m);
            }
        }
        BoundaryScore total = BoundaryScore.EMPTY;
        for (var e : truth.entrySet()) {
            for (DissectedMessage t : e.getValue()) {
                MessageSegments m = byFrame.get(e.getKey() + "#" + t.frame());
                int len = t.payload().length;
                int[] found = m == null ? new int[0]
                        : java.util.Arrays.stream(m.boundaries()).filter(b -> b > 0 && b < len).toArray();
                total = total.plus(BoundaryScore.of(found, t.boundaries()));
            }
        }
        return total;
    }

    /** One row per protocol, then the mean F1 of each half and of all, as Markdown. */
    public static String markdown(Path dir, Map<String, Parameters> settings) throws Exception {
        StringBuilder sb = new StringBuilder("| protocol | half | messages |");
        settings.keySet().forEach(n -> sb.append(' ').append(n).append(" P / R / F1 |"));
        sb.append("\n|---|---|---|");
        settings.keySet().forEach(n -> sb.append("---|"));
        sb.append('\n');
        Map<String, double[]> sums = new LinkedHashMap<>();
        int[] counts = new int[3];
        for (BoundaryCorpus c : BoundaryCorpus.standard()) {
            Map<String, List<DissectedMessage>> truth = truthByFile(dir, c);
            int messages = truth.values().stream().mapToInt(List::size).sum();
            if (messages == 0) {
                continue;
            }
            int half = HALF_A.contains(c.protocol()) ? 0 : 1;
            counts[half]++;
            counts[2]++;
            sb.append("| ").append(c.protocol()).append(" | ").append(half == 0 ? "A" : "B").append(" | ")
                    .append(messages).append(" |");
            for (var s : settings.entrySet()) {
                BoundaryScore sc = score(dir, truth, s.getValue());
                double[] sum = sums.computeIfAbsent(s.getKey(), k -> new double[3]);
                sum[half] += sc.f1();
                sum[2] += sc.f1();
                sb.append(String.format(Locale.ROOT, " %.2f / %.2f / **%.2f** |", sc.precision(), sc.recall(), sc.f1()));
            }
            sb.append('\n');
        }
        String[] names = {"mean F1, half A", "mean F1, half B", "mean F1, all"};
        for (int h = 0; h < 3; h++) {
            sb.append("| **").append(names[h]).append("** | | |");
            for (String n : settings.keySet()) {
                sb.append(String.format(Locale.ROOT, " **%.3f** |", sums.getOrDefault(n, new double[3])[h] / Math.max(1, counts[h])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The presets a user picks from, and the structure evidence switch on the default. */
    public static Map<String, Parameters> settings() {
        Map<String, Parameters> m = new LinkedHashMap<>();
        m.put("paper", Parameters.defaults());
        m.put("improved", Parameters.improved());
        m.put("paper + evidence", Parameters.defaults().with("segment.evidence", "true"));
        m.put("improved + evidence", Parameters.improved().with("segment.evidence", "true"));
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/captures/ndpi");
        System.out.print(markdown(dir, settings()));
    }
}
