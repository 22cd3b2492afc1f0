package org.chatdissect.match.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.match.compile.CompiledSignatures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real captures of other protocols (the nDPI test set) hold no WeChat, QQ, Skype 0.97 or meeting-system traffic: a
 * WeChat+QQ+meeting signature set trained on the simulators, plus Skype's endpoint signatures (the host-cache nodes
 * with their client_port and server_endpoint associations), must label no flow there. Each hit is listed (file,
 * 5-tuple, signature). The meeting set brings a text signature (control lines such as {@code clients}, stream
 * registrations) against the real SMTP, FTP, POP3, IMAP, IRC and SIP flows here, and the weak remote-control header
 * ({@code 01} at byte 0), which only the server-port restriction of weak TCP signatures keeps off the ~60 real flows
 * starting with 01. Skype's login-record header ({@code 16|17 03 01 00}) is left out: it is a TLS 1.0 record header
 * and does label 7 real TLS flows that the flow layer types TCP (STARTTLS, mid-stream) — docs/design/endpoints.md.
 * The same holds with a version tolerance of 1 byte; with 2, two real TCP flows (AFP, Kafka) take the WeChat TCP
 * signature (docs/benchmarks.md).
 */
class RealCaptureFalsePositiveTest {
    static org.chatdissect.model.SignatureSet endpointsOnly(org.chatdissect.model.SignatureSet s) {
        List<org.chatdissect.model.Signature> kept = s.signatures().stream()
                .filter(x -> x.form() == org.chatdissect.model.SignatureForm.ENDPOINT).toList();
        Assumptions.assumeFalse(kept.isEmpty(), "no endpoint signature in the Skype set");
        return org.chatdissect.model.SignatureSet.of(kept);
    }

    /** Exact matching, and the tolerance a user may give for a new client version ({@code classify --version-tolerance}). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void wechatQqSkypeAndMeetingSignaturesLabelNoRealFlow(int versionTolerance) throws Exception {
        Path dir = Path.of(System.getProperty("chatdissect.root", "."), "..", "shared", "captures", "ndpi");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("/work/shared/captures/ndpi");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir), "no shared captures at " + dir + ": skipped");
        Path root = Path.of("target", "accuracy");
        CompiledSignatures cs = CompiledSignatures.compile(List.of(ClassificationAccuracyTest.signatures(root, "wechat"),
                ClassificationAccuracyTest.signatures(root, "qq"), endpointsOnly(ClassificationAccuracyTest.signatures(root, "skype")),
                ClassificationAccuracyTest.signatures(root, "meeting")), versionTolerance);
        Path out = Path.of("target", "fp-out-" + versionTolerance);
        // threads: the files are independent; results do not depend on the count
        new Classifier(cs, FlowTableConfig.defaults(), 2, null).run(List.of(dir), out);
        List<String> hits = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        long flows = 0;
        try (BufferedReader r = Files.newBufferedReader(out.resolve("flows.jsonl"))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                JsonNode f = json.readTree(l);
                flows++;
                if (!f.get("app").asText().equals("unknown")) {
                    hits.add(Path.of(f.get("file").asText()).getFileName() + " " + f.get("proto").asText() + " "
                            + f.get("client").asText() + ":" + f.get("client_port").asText() + " -> "
                            + f.get("server").asText() + ":" + f.get("server_port").asText() + " "
                            + f.get("app").asText() + "/" + f.get("signature").asText() + " (" + f.get("flow_type").asText()
                            + (f.hasNonNull("host") ? " " + f.get("host").asText() : "") + (f.hasNonNull("sni") ? " " + f.get("sni").asText() : "") + ")");
                }
            }
        }
        System.err.println("real captures: " + flows + " flows, " + hits.size() + " labelled");
        assertTrue(flows > 1000, "too few flows read: " + flows);
        assertTrue(hits.isEmpty(), "tolerance " + versionTolerance + ": " + hits.size() + " real flows labelled wechat/qq/skype/meeting:\n" + String.join("\n", hits));
    }
}
