package org.chatdissect.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowObservers;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;

/**
 * The trainer of section III-A: clean traces of one application (plus an optional manifest) in, learnt
 * keywords and header formats out. Reading is streamed through the flow layer; only the first
 * {@code segment.scope} bytes of each payload are kept.
 */
public final class Trainer {
    private final Parameters params;
    private final FlowTableConfig flowConfig;
    private final ServerFilter filter;
    private final java.util.function.Consumer<String> log;
    private final Predicate<Flow> flowFilter;

    public Trainer(Parameters params, FlowTableConfig flowConfig, ServerFilter filter) {
        this(params, flowConfig, filter, line -> { });
    }

    /** @param log receives one line per learning round (the CLI's --verbose) */
    public Trainer(Parameters params, FlowTableConfig flowConfig, ServerFilter filter,
                   java.util.function.Consumer<String> log) {
        this(params, flowConfig, filter, flow -> true, log);
    }

    /**
     * @param flowFilter decides at flow start (5-tuple, file index and first frame known) whether a flow is
     *                   training material; the feedback loop uses it to train on the flows the classifier left unknown
     */
    public Trainer(Parameters params, FlowTableConfig flowConfig, ServerFilter filter,
                   Predicate<Flow> flowFilter,
                   java.util.function.Consumer<String> log) {
        this.params = params;
        this.flowConfig = flowConfig;
        this.filter = filter;
        this.flowFilter = flowFilter;
        this.log = log;
    }

    public TrainingResult train(String app, List<Path> inputs, List<ManifestEntry> manifest) throws IOException {
        return trainEach(Map.of(app, flow -> true), inputs, manifest).get(app);
    }

    /**
     * Trains several applications in one pass over the same captures (the feedback loop: every application's
     * unclassified flows at once), each on the flows its filter accepts at flow start (and the constructor's filter).
     * Each application's result is what {@link #train} gives it alone.
     *
     * @return the results by application, in the order of {@code apps}
     */
    public Map<String, TrainingResult> trainEach(Map<String, Predicate<Flow>> apps, List<Path> inputs,
                                                 List<ManifestEntry> manifest) throws IOException {
        CaptureStats stats = new CaptureStats();
        // length-prefix framing: part of the improved preset (segment.refine=field_types), off with framing.starts=0
        org.chatdissect.core.segment.LengthPrefixFraming.Config framing =
                org.chatdissect.core.segment.LengthPrefixFraming.Config.ifOn(params);
        Map<String, TrainingCollector> collectors = new LinkedHashMap<>();
        apps.forEach((app, accepts) -> collectors.put(app, new TrainingCollector(FormatLearner.typedScope(params),
                params.textScope(), filter, flow -> flowFilter.test(flow) && accepts.test(flow), framing, false)));
        List<String> names;
        try (PacketSource src = CaptureReader.open(inputs, stats)) {
            new CaptureFlows(flowConfig, FlowObservers.of(new ArrayList<>(collectors.values()))).run(src, stats);
            names = src.fileNames();
        }
        Map<String, TrainingResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, TrainingCollector> e : collectors.entrySet()) {
            TrainingCollector collector = e.getValue();
            FormatPipeline.Result formats = FormatPipeline.learn(params, manifest, collector.headerFlows(), log);
            List<LearnedKeyword> keywords = new ArrayList<>(new KeywordInference(params, manifest)
                    .learn(collector.fieldObservations()));
            keywords.addAll(formats.textKeywords());
            TrainingResult.Stats st = new TrainingResult.Stats(stats.packetsRead, stats.packetsDecoded,
                    Map.copyOf(stats.undecodedByReason()), collector.flowsSeen(), collector.flowsFiltered(),
                    formats.headerFlows(), formats.headerPackets(), List.copyOf(stats.warnings()));
            out.put(e.getKey(), new TrainingResult(e.getKey(), formats.formats(), keywords, names, params.toMap(),
                    collector.newestNanos(), st, formats.endpoints()));
        }
        return out;
    }
}
