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
import org.chatdissect.datasets.Cached;
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
        Path dir = Cached.trace(ROOT.resolve("controlled-1-" + app), Scenario.CONTROLLED, App.parse(app), 1, 0,
                Set.of());
        Path sig = Cached.get(ROOT.resolve("sig-1-" + app + ".json"), p -> SignatureJson.write(train(app, dir), p),
                Generate.class, Trainer.class, SignatureFactory.class, SignatureJson.class, SignatureSet.class);
        return SignatureJson.read(sig);
    }

    private static SignatureSet train(String app, Path dir) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        Map<String, String> services = new LinkedHashMap<>();
        for (ManifestReader.Line l : ManifestReader.read(dir.resolve(Generate.MANIFEST))) {
            entries.add(l.entry());
            if (l.service() != null) {
                services.putIfAbsent(l.entry().task(), l.service());
            }
        }
        TrainingResult r = new Trainer(Parameters.improved(), FlowTableConfig.defaults(), ServerFilter.acceptAll())
                .train(app, List.of(dir.resolve(Generate.PCAP)), entries);
        return SignatureFactory.fromTraining(r, services, List.of(), "test", Status.REVIEWED);
    }

    /** An operator trace of about {@code size} (e.g. "4m"), seed 7. */
    static synchronized Path operator(String size) throws IOException {
        Path op = ROOT.resolve("operator-7-" + size);
        Cached.trace(op, Scenario.OPERATOR, App.ALL, 7, Generate.parseSize(size), Set.of());
        return op.resolve(Generate.PCAP);
    }
}
