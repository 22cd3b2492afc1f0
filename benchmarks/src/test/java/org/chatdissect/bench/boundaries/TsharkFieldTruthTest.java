package org.chatdissect.bench.boundaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsharkFieldTruthTest {
    static Path captures() {
        return Path.of(System.getProperty("chatdissect.root", "."), "..", "shared", "captures", "ndpi").normalize();
    }

    static boolean tsharkAvailable() {
        try {
            return new ProcessBuilder("tshark", "-v").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void dnsHeaderFieldsAreBoundaries() throws Exception {
        Path dns = captures().resolve("dns.pcap");
        assumeTrue(Files.isRegularFile(dns), "shared captures missing: skipping");
        assumeTrue(tsharkAvailable(), "tshark missing: skipping");
        List<DissectedMessage> msgs = TsharkFieldTruth.extract(dns, "dns && udp", 20);
        assertFalse(msgs.isEmpty());
        for (DissectedMessage m : msgs) {
            // id, flags, qdcount, ancount, nscount, arcount: the fixed 12-byte DNS header
            for (int b : new int[] {2, 4, 6, 8, 10, 12}) {
                assertTrue(Arrays.binarySearch(m.boundaries(), b) >= 0, m + " lacks boundary " + b);
            }
            assertTrue(Arrays.stream(m.boundaries()).allMatch(b -> b > 0 && b < m.payload().length));
        }
    }

    @Test
    void scoreCountsMatchesAndMisses() {
        BoundaryScore s = BoundaryScore.of(new int[] {2, 4, 7}, new int[] {2, 4, 6, 8});
        assertEquals(2, s.truePositives());
        assertEquals(1, s.falsePositives());
        assertEquals(2, s.falseNegatives());
        assertEquals(2.0 / 3, s.precision(), 1e-12);
        assertEquals(0.5, s.recall(), 1e-12);
    }
}
