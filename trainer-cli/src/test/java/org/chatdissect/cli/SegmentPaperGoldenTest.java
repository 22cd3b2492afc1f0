package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.Scenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The paper preset's {@code segment} report is pinned byte for byte (SHA-256 of the JSON lines) on controlled traces
 * whose TCP streams are length-prefix framed (the meeting system's media and screenshots, Skype's login records):
 * stream framing belongs to the improved preset only. The traces are generated (seed 1) and cached under
 * {@code target/accuracy/}. A change of a generator changes the traces and so these digests: rerun on the commit
 * before the change to tell a generator change from a report change.
 */
@Tag("slow")
class SegmentPaperGoldenTest {
    @ParameterizedTest
    @CsvSource({
        "meeting, 97078e90f0183626fd1e26171cb188e3f4cb1039805166cd5d530251e702d4aa",
        "skype, 2dcf3c80ecc80ce7b4355ae26d4173012a38a45485fbea761a357602aa01b94b",
    })
    void paperPresetReportIsUnchanged(String app, String sha256) throws Exception {
        Path dir = Path.of("target", "accuracy", "controlled-1-" + app);
        if (!Files.exists(dir.resolve("truth-messages.jsonl"))) {
            Generate.run(Scenario.CONTROLLED, App.parse(app), 1, dir, 0, Set.of());
        }
        Path out = Files.createTempFile(Path.of("target"), "segment-paper-" + app, ".jsonl");
        try {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int rc = ChatDissect.execute(new String[] {"segment", "--in", dir.resolve("capture.pcap").toString(),
                    "--preset", "paper", "--out", out.toString()}, new PrintWriter(o, true), new PrintWriter(e, true));
            assertEquals(0, rc, e.toString());
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out)));
            if (System.getProperty("segment.golden.keep") != null) {
                Files.copy(out, Path.of(System.getProperty("segment.golden.keep"), app + "-paper.jsonl"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertEquals(sha256, digest, app + ": the paper preset's segment report changed");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
