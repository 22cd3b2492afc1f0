package org.chatdissect.store.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.core.train.ManifestReader;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.core.train.Trainer;
import org.chatdissect.core.train.TrainingResult;
import org.chatdissect.model.CaptureRef;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;

/**
 * The whole training recipe, captures and manifest to signature set, shared by {@code train}, the demo
 * and the tests: read the manifest (tasks and their services), run the trainer, and record the captures
 * (name, SHA-256, packets) in the provenance.
 */
public final class Training {
    /** What the trainer learnt, and the signatures made from it. */
    public record Outcome(TrainingResult result, SignatureSet signatures) {}

    private Training() {}

    /**
     * @param manifest the experiment manifest, or null for traces without one
     * @param log receives one line per format-learning round
     */
    public static Outcome run(String app, List<Path> captures, Path manifest, Parameters params, FlowTableConfig flows,
                              ServerFilter filter, Consumer<String> log, String software) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        Map<String, String> services = new LinkedHashMap<>();
        if (manifest != null) {
            for (ManifestReader.Line l : ManifestReader.read(manifest)) {
                entries.add(l.entry());
                if (l.service() != null) {
                    services.putIfAbsent(l.entry().task(), l.service());
                }
            }
        }
        TrainingResult r = new Trainer(params, flows, filter, log).train(app, captures, entries);
        List<CaptureRef> refs = new ArrayList<>();
        for (String f : r.inputs()) {
            Path p = Path.of(f);
            refs.add(new CaptureRef(p.getFileName().toString(), sha256(p), r.inputs().size() == 1 ? r.stats().packetsRead() : 0));
        }
        return new Outcome(r, SignatureFactory.fromTraining(r, services, refs, software, Status.REVIEWED));
    }

    /** SHA-256 of a file, in lower-case hex. */
    public static String sha256(Path p) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // the digest accumulates as the stream is read
            }
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
