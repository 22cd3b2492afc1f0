package org.chatdissect.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.core.train.ManifestReader;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.core.train.Trainer;
import org.chatdissect.core.train.TrainingResult;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.json.SignatureJson;
import org.chatdissect.store.train.SignatureFactory;

/** Signatures trained on controlled traces and a small operator trace, cached under target/spark-test. */
final class TestData {
    static final Path ROOT = Path.of("target", "spark-test");
    static final List<String> APPS = List.of("wechat", "qq", "skype");

    private TestData() {}

    /**
     * The sets without {@code associate}: associations live in one flow table (one file), so a session cut into
     * pieces loses them at the cut, locally and on Spark alike, and "pieces give the single-file tables" cannot hold
     * for them (docs/design/endpoints.md). Endpoint signatures themselves decide per flow and stay.
     */
    static synchronized List<SignatureSet> signatures() throws IOException {
        List<SignatureSet> out = new ArrayList<>();
        for (String app : APPS) {
            out.add(SignatureSet.of(signatures(app).signatures().stream()
                    .map(s -> s.withAssociations(List.of())).toList()));
        }
        return out;
    }

    static SignatureSet signatures(String app) throws IOException {
        Path sig = ROOT.resolve("sig-1-" + app + ".json");
        if (Files.exists(sig)) {
            return SignatureJson.read(sig);
        }
        Path dir = ROOT.resolve("controlled-1-" + app);
        var g = Generate.run(Scenario.CONTROLLED, App.parse(app), 1, dir, 0, Set.of());
        List<ManifestEntry> entries = new ArrayList<>();
        Map<String, String> services = new LinkedHashMap<>();
        for (ManifestReader.Line l : ManifestReader.read(g.manifest())) {
            entries.add(l.entry());
            if (l.service() != null) {
                services.putIfAbsent(l.entry().task(), l.service());
            }
        }
        TrainingResult r = new Trainer(Parameters.improved(), FlowTableConfig.defaults(), ServerFilter.acceptAll())
                .train(app, List.of(g.pcap()), entries);
        SignatureSet set = SignatureFactory.fromTraining(r, services, List.of(), "test", Status.REVIEWED);
        Files.createDirectories(ROOT);
        SignatureJson.write(set, sig);
        return set;
    }

    /** An operator trace of about {@code size} (e.g. "4m"), seed 7. */
    static synchronized Path operator(String size) throws IOException {
        Path op = ROOT.resolve("operator-7-" + size);
        if (!Files.exists(op.resolve("truth-messages.jsonl"))) {
            Generate.run(Scenario.OPERATOR, App.ALL, 7, op, Generate.parseSize(size), Set.of());
        }
        return op.resolve(Generate.PCAP);
    }
}
