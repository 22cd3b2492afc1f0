package org.chatdissect.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chatdissect.datasets.truth.GroundTruth;
import org.chatdissect.datasets.truth.TruthFlow;
import org.chatdissect.datasets.truth.TruthMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QqAndOperatorTest {
    @TempDir
    Path dir;

    @Test
    void oicqPacketsHaveFlagTailAndLengthPrefix() throws IOException {
        int udp = 0, tcp = 0;
        for (long seed = 1; seed <= 6; seed++) {
            GeneratedCapture c = Generate.run(Scenario.CONTROLLED, App.QQ, seed, dir.resolve("q" + seed), 0, Set.of());
            List<PcapFile.Frame> frames = PcapFile.read(c.pcap());
            for (TruthMessage m : GroundTruth.load(c.dir()).messages()) {
                if (!m.app().equals("qq") || m.opcode() == null) {
                    continue;
                }
                byte[] p = frames.get((int) m.frame() - 1).payload();
                int o = 0;
                if (m.transport().equals("tcp")) {
                    int prefix = ((p[0] & 0xff) << 8) | (p[1] & 0xff);
                    assertEquals(m.length(), prefix, "TCP length prefix counts the whole packet including itself");
                    if (prefix > p.length) {
                        assertEquals(0x02, p[2]);
                        continue; // segmented by MSS: the tail is in a later segment
                    }
                    o = 2;
                    tcp++;
                } else {
                    assertEquals(8000, m.serverPort());
                    udp++;
                }
                assertEquals(0x02, p[o]);
                assertEquals(m.length(), p.length);
                assertEquals(0x03, p[p.length - 1]);
                assertEquals(0x0f15, ((p[o + 1] & 0xff) << 8) | (p[o + 2] & 0xff));
                assertEquals(Integer.parseInt(m.opcode().substring(2), 16), ((p[o + 3] & 0xff) << 8) | (p[o + 4] & 0xff));
                assertEquals(0, (p.length - o - 12) % 8, "TEA body is a multiple of 8");
            }
        }
        assertTrue(udp > 50 && tcp > 20, udp + " udp, " + tcp + " tcp");
    }

    @Test
    void operatorMixesUsersAppsAndImpairmentsAndStopsAtSize() throws Exception {
        GeneratedCapture c = Generate.run(Scenario.OPERATOR, App.ALL, 5, dir.resolve("o"), 24L << 20, Set.of());
        assertNull(c.manifest());
        assertTrue(c.bytes() >= 24L << 20 && c.bytes() < 40L << 20, "size " + c.bytes());
        List<PcapFile.Frame> frames = PcapFile.read(c.pcap());
        GroundTruth t = GroundTruth.load(c.dir());
        Set<String> clients = new HashSet<>();
        Set<String> wechatClients = new HashSet<>();
        Set<String> apps = new HashSet<>();
        for (TruthFlow f : t.flows()) {
            clients.add(f.clientIp());
            apps.add(f.app());
            if (f.app().equals("wechat")) {
                wechatClients.add(f.clientIp());
            }
        }
        assertTrue(clients.size() > 20);
        assertTrue(clients.stream().anyMatch(s -> s.startsWith("fd00")), "IPv6 users");
        assertTrue(apps.containsAll(Set.of("wechat", "qq", "other")), apps.toString());
        double share = (double) wechatClients.size() / clients.size();
        assertTrue(share > 0.3 && share < 0.7, "share of WeChat users " + share);
        long vlan = frames.stream().filter(f -> (f.data()[12] & 0xff) == 0x81 && f.data()[13] == 0).count();
        long truncated = frames.stream().filter(f -> f.origLen() > f.data().length).count();
        assertTrue(vlan > frames.size() / 10, "VLAN-tagged frames " + vlan);
        assertTrue(truncated > 0, "snaplen-truncated frames");
        long down = 0, up = 0, wechatBytes = 0;
        Set<String> wkeys = new HashSet<>();
        t.flows().stream().filter(f -> f.app().equals("wechat")).forEach(f -> wkeys.add(f.clientIp() + " " + f.clientPort()));
        for (PcapFile.Frame f : frames) {
            boolean isUp = f.src().startsWith("10.") || f.src().startsWith("fd00");
            if (isUp) {
                up += f.origLen();
            } else {
                down += f.origLen();
            }
            String k = isUp ? f.src() + " " + f.sport() : f.dst() + " " + f.dport();
            if (wkeys.contains(k)) {
                wechatBytes += f.origLen();
            }
        }
        assertTrue(down > 3 * up, "downlink dominant");
        assertTrue(wechatBytes < (up + down) / 10, "WeChat under 10% of bytes");
        GeneratedCapture again = Generate.run(Scenario.OPERATOR, App.ALL, 5, dir.resolve("o2"), 24L << 20, Set.of());
        assertEquals(WeChatControlledTest.sha(c.pcap()), WeChatControlledTest.sha(again.pcap()));
    }
}
