package org.chatdissect.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowUidTest {
    static Flow flow(int clientPort, long start) {
        Flow f = new Flow();
        f.protocol = 17;
        f.ipVersion = 4;
        f.client[15] = 2;
        f.server[15] = 9;
        f.clientPort = clientPort;
        f.serverPort = 5000;
        f.startNanos = start;
        return f;
    }

    @Test
    void zeeksFormDeterministicAndDistinct() {
        String uid = FlowUid.of(flow(40000, 7), "a.pcap", 12);
        assertTrue(uid.matches("C[0-9A-Za-z]{17}"), uid);
        assertEquals(uid, FlowUid.of(flow(40000, 7), "a.pcap", 12), "the same flow of the same input: the same uid");
        Set<String> seen = new HashSet<>();
        for (int port = 40000; port < 42000; port++) {
            for (String file : new String[] {"a.pcap", "b.pcap"}) {
                assertTrue(seen.add(FlowUid.of(flow(port, 7), file, 12)), "collision at " + port + " " + file);
            }
        }
        assertNotEquals(uid, FlowUid.of(flow(40000, 8), "a.pcap", 12), "another start: another flow");
        assertNotEquals(uid, FlowUid.of(flow(40000, 7), "a.pcap", 13), "another first frame: another flow");
    }
}
