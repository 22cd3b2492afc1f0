package org.chatdissect.core.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.model.Direction;

/**
 * Coverage-guided fuzzing (Jazzer) of everything a capture file goes through: format sniffing, gzip, pcap and pcapng
 * readers, link, IP (options, extension headers, fragments), TCP/UDP decoding, the flow table and TCP ordering.
 * Whatever the bytes, reading ends normally or with a one-line {@link CaptureFormatException}, every frame read lands in
 * exactly one bucket, and payloads stay inside their buffers.
 *
 * <p>In every build the inputs under {@code src/test/resources/.../CaptureFuzzTargetInputs/} (small valid captures of
 * each format, and any input a fuzzing run found failing) run as regression tests. To fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -o test -pl inference-core -Dtest=CaptureFuzzTarget} (docs/benchmarks.md, "Fuzzing").
 */
class CaptureFuzzTarget {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("chatdissect-fuzz", ".cap");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readingAnyBytesKeepsTheContract(byte[] data) throws IOException {
        Files.write(FILE, data);
        CaptureStats stats = new CaptureStats();
        try (PacketSource src = CaptureReader.open(List.of(FILE), stats)) {
            new CaptureFlows(FlowTableConfig.defaults(), new FlowObserver() {
                @Override
                public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] d, int off, int len, int wl) {
                    assertTrue(off >= 0 && len > 0 && off + len <= d.length, "payload outside its buffer");
                    assertTrue(len <= wl, "payload longer than on the wire");
                }
            }).run(src, stats);
        } catch (CaptureFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().contains("\n"), "not one line: " + e.getMessage());
        }
        assertTrue(stats.balanced(), stats.toString());
    }
}
