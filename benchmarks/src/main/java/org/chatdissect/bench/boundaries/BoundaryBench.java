package org.chatdissect.bench.boundaries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.Segmenter;

/**
 * Scores segmentation stages against tshark's dissection on the shared real captures, one protocol's messages at a
 * time (an oracle corpus no user has), and prints a Markdown table for docs/benchmarks.md. What a user gets from
 * {@code chatdissect segment} is {@link SegmentCommandBench}'s figure.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.chatdissect.bench.boundaries.BoundaryBench
 * [CAPTURE_DIR]} (default {@code ../shared/captures/ndpi}).
 */
public final class BoundaryBench {
    /** Column evidence: entropy jump that marks a boundary, and messages a column needs (see ColumnBoundaries). */
    public static final double COLUMN_DELTA = 0.05;
    public static final int COLUMN_MIN_MESSAGES = 5;

    private BoundaryBench() {}

    /** Loads each corpus's truth messages; corpora whose captures are all missing are left out. */
    public static Map<BoundaryCorpus, List<DissectedMessage>> loadCorpora(Path dir) throws Exception {
        Map<BoundaryCorpus, List<DissectedMessage>> out = new LinkedHashMap<>();
        for (BoundaryCorpus c : BoundaryCorpus.standard()) {
            List<DissectedMessage> msgs = new ArrayList<>();
            for (String f : c.captures()) {
                Path p = dir.resolve(f);
                if (Files.isRegularFile(p)) {
                    msgs.addAll(TsharkFieldTruth.extract(p, c.displayFilter(), BoundaryCorpus.MAX_MESSAGES_PER_FILE));
                }
            }
            if (!msgs.isEmpty()) {
                out.put(c, msgs);
            }
        }
        return out;
    }

    /** Scores one segmenter over one corpus. */
    public static BoundaryScore score(Segmenter s, List<DissectedMessage> truth) {
        List<byte[]> payloads = truth.stream().map(DissectedMessage::payload).toList();
        List<int[]> predicted = SegmentStages.boundaries(s.segment(payloads));
        BoundaryScore total = BoundaryScore.EMPTY;
        for (int i = 0; i < truth.size(); i++) {
            total = total.plus(BoundaryScore.of(predicted.get(i), truth.get(i).boundaries()));
        }
        return total;
    }

    public static String markdown(Map<BoundaryCorpus, List<DissectedMessage>> corpora, Map<String, Segmenter> segmenters) {
        StringBuilder sb = new StringBuilder();
        sb.append("| protocol | messages |");
        segmenters.keySet().forEach(n -> sb.append(' ').append(n).append(" P / R / F1 |"));
        sb.append('\n').append("|---|---|");
        segmenters.keySet().forEach(n -> sb.append("---|"));
        sb.append('\n');
        Map<String, Double> f1Sum = new LinkedHashMap<>();
        for (var e : corpora.entrySet()) {
            sb.append("| ").append(e.getKey().protocol()).append(" | ").append(e.getValue().size()).append(" |");
            for (var s : segmenters.entrySet()) {
                BoundaryScore sc = score(s.getValue(), e.getValue());
                f1Sum.merge(s.getKey(), sc.f1(), Double::sum);
                sb.append(String.format(Locale.ROOT, " %.2f / %.2f / **%.2f** |", sc.precision(), sc.recall(), sc.f1()));
            }
            sb.append('\n');
        }
        sb.append("| **mean F1** | |");
        for (String n : segmenters.keySet()) {
            sb.append(String.format(Locale.ROOT, " **%.2f** |", f1Sum.getOrDefault(n, 0.0) / Math.max(1, corpora.size())));
        }
        sb.append('\n');
        return sb.toString();
    }

    /** The stages scored, each alone or chained; the command's figure is {@link SegmentCommandBench}'s. */
    public static Map<String, Segmenter> segmenters() {
        Map<String, Segmenter> m = new LinkedHashMap<>();
        Parameters paper = SegmentStages.paperAll();
        m.put("every 2 bytes", SegmentStages.fixedWidth(2));
        m.put("basic VE", SegmentStages.basicVe(paper));
        m.put("iterative VE (paper)", SegmentStages.iterativeVe(paper));
        m.put("columns", SegmentStages.columns(COLUMN_DELTA, COLUMN_MIN_MESSAGES));
        m.put("iterative VE + columns", SegmentStages.iterativeVeThenColumns(paper, COLUMN_DELTA, COLUMN_MIN_MESSAGES));
        m.put("iterative VE + evidence", SegmentStages.iterativeVeThenEvidence(paper));
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/captures/ndpi");
        System.out.print(markdown(loadCorpora(dir), segmenters()));
    }
}
