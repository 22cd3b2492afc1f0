package org.chatdissect.bench.boundaries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores segmenters against tshark's dissection on the shared real captures, per protocol, and prints
 * a Markdown table for docs/benchmarks.md.
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
    public static Map<BoundaryCorpus, List<TruthMessage>> loadCorpora(Path dir) throws Exception {
        Map<BoundaryCorpus, List<TruthMessage>> out = new LinkedHashMap<>();
        for (BoundaryCorpus c : BoundaryCorpus.standard()) {
            List<TruthMessage> msgs = new ArrayList<>();
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
    public static BoundaryScore score(Segmenter s, List<TruthMessage> truth) {
        List<byte[]> payloads = truth.stream().map(TruthMessage::payload).toList();
        List<int[]> predicted = s.segment(payloads);
        BoundaryScore total = BoundaryScore.EMPTY;
        for (int i = 0; i < truth.size(); i++) {
            total = total.plus(BoundaryScore.of(predicted.get(i), truth.get(i).boundaries()));
        }
        return total;
    }

    public static String markdown(Map<BoundaryCorpus, List<TruthMessage>> corpora, Map<String, Segmenter> segmenters) {
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

    public static Map<String, Segmenter> segmenters() {
        Map<String, Segmenter> m = new LinkedHashMap<>();
        m.put("every 2 bytes", Segmenter.fixedWidth(2));
        m.put("basic VE", ChatDissectSegmenters.basicVe(ChatDissectSegmenters.paperAll()));
        m.put("iterative VE (paper)", ChatDissectSegmenters.iterativeVe(ChatDissectSegmenters.paperAll()));
        m.put("report, improved", ChatDissectSegmenters.report(org.chatdissect.core.params.Parameters.improved().with("segment.scope", "ALL")));
        m.put("columns", ChatDissectSegmenters.columnsOnly(COLUMN_DELTA, COLUMN_MIN_MESSAGES));
        m.put("iterative VE + columns", ChatDissectSegmenters.iterativeVeWithColumns(ChatDissectSegmenters.paperAll(),
                COLUMN_DELTA, COLUMN_MIN_MESSAGES));
        m.put("report, improved + evidence", ChatDissectSegmenters.report(org.chatdissect.core.params.Parameters.improved()
                .with("segment.scope", "ALL").with("segment.evidence", "true")));
        m.put("iterative VE + evidence", ChatDissectSegmenters.iterativeVeWithEvidence(ChatDissectSegmenters.paperAll()));
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/captures/ndpi");
        System.out.print(markdown(loadCorpora(dir), segmenters()));
    }
}
