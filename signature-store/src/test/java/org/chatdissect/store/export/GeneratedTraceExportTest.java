package org.chatdissect.store.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.FlowAddresses;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.datasets.App;
import org.chatdissect.datasets.Generate;
import org.chatdissect.datasets.GeneratedCapture;
import org.chatdissect.datasets.Scenario;
import org.chatdissect.datasets.net.HandCapture;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.match.HeaderSignatures;
import org.chatdissect.store.train.Training;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports of signatures trained on generated WeChat and QQ traces, run by the real tools on those
 * traces: tcpdump keeps exactly the frames the reference matcher accepts, the Lua dissector names the same
 * signature and opcode per frame, and nDPI labels the learnt servers' flows and nothing of the other app.
 */
@Tag("slow")
class GeneratedTraceExportTest {
    @TempDir
    static Path dir;

    static GeneratedCapture wechatTrace;
    static GeneratedCapture qqTrace;
    static SignatureSet wechat;
    static SignatureSet qq;

    /** One frame as the project's own reader decodes it. */
    record Frame(long number, boolean tcp, byte[] payload, String server) {}

    @BeforeAll
    static void trainOnGeneratedTraces() throws IOException {
        wechatTrace = Generate.run(Scenario.CONTROLLED, App.WECHAT, 5, dir.resolve("wechat"), 0, Set.of());
        qqTrace = Generate.run(Scenario.CONTROLLED, App.QQ, 5, dir.resolve("qq"), 0, Set.of());
        wechat = train("wechat", wechatTrace);
        qq = train("qq", qqTrace);
    }

    static SignatureSet train(String app, GeneratedCapture g) throws IOException {
        return Training.run(app, List.of(g.pcap()), g.manifest(), Parameters.improved(), FlowTableConfig.defaults(),
                ServerFilter.acceptAll(), line -> { }, "test").signatures();
    }

    static List<Frame> frames(Path pcap) throws IOException {
        List<Frame> out = new ArrayList<>();
        CaptureStats stats = new CaptureStats();
        PacketDecoder dec = new PacketDecoder(stats);
        PacketRecord rec = new PacketRecord();
        DecodedPacket p = new DecodedPacket();
        try (PacketSource src = CaptureReader.open(List.of(pcap), stats)) {
            while (src.next(rec)) {
                if (dec.decode(rec, p)) {
                    byte[] pl = java.util.Arrays.copyOfRange(p.payload, p.payloadOffset, p.payloadOffset + p.payloadLength);
                    out.add(new Frame(rec.frameNumber, p.isTcp(), pl, FlowAddresses.format(p.dst, p.ipVersion) + ":" + p.dstPort));
                } else {
                    out.add(new Frame(rec.frameNumber, false, new byte[0], ""));
                }
            }
        }
        return out;
    }

    /** The first header signature of {@code set} that accepts the frame, as the matcher would pick it. */
    static Signature reference(SignatureSet set, Frame f) {
        if (f.payload().length == 0) {
            return null;
        }
        for (Signature s : set.signatures()) {
            if (s.isHeaderSignature() && (s.flowType() == FlowType.TCP) == f.tcp() && HeaderSignatures.matches(s, f.payload())) {
                return s;
            }
        }
        return null;
    }

    @Test
    void trainingFoundHeaderSignaturesForBothApps() {
        assertTrue(wechat.find("wechat/TCP").isPresent(), "W-TCP learnt");
        assertTrue(wechat.signatures().stream().filter(s -> s.flowType() == FlowType.UDP).count() >= 3, "W-UDP types");
        assertTrue(qq.signatures().stream().anyMatch(s -> s.flowType() == FlowType.UDP), "OICQ over UDP");
        assertTrue(qq.signatures().stream().anyMatch(s -> s.flowType() == FlowType.TCP), "OICQ over TCP");
    }

    @Test
    void bpfKeepsExactlyTheFramesTheReferenceMatches() throws Exception {
        assumeTrue(ExporterToolTest.available("tcpdump"), "tcpdump not installed");
        for (var c : List.of(new Object[] {wechat, wechatTrace}, new Object[] {qq, qqTrace}, new Object[] {wechat, qqTrace})) {
            SignatureSet set = (SignatureSet) c[0];
            Path pcap = ((GeneratedCapture) c[1]).pcap();
            List<Frame> frames = frames(pcap);
            for (Signature s : set.signatures()) {
                if (!s.isHeaderSignature()) {
                    continue;
                }
                Path out = dir.resolve("bpf-" + s.app() + "-" + s.name() + ".pcap");
                ExporterToolTest.run(List.of("tcpdump", "-r", pcap.toString(), "-w", out.toString(), BpfExporter.expression(s)));
                List<String> kept = HandCapture.read(out).stream().map(java.util.HexFormat.of()::formatHex).toList();
                // compare by payload, the part the expression looks at (frames are decoded by our reader)
                Set<String> keptPayloads = new HashSet<>();
                for (Frame f : frames(out)) {
                    keptPayloads.add(java.util.HexFormat.of().formatHex(f.payload()));
                }
                long expected = frames.stream().filter(f -> f.payload().length > 0 && (s.flowType() == FlowType.TCP) == f.tcp()
                        && HeaderSignatures.matches(s, f.payload())).count();
                assertEquals(expected, kept.size(), s.id() + " on " + pcap.getFileName() + ": " + BpfExporter.expression(s));
                for (Frame f : frames) {
                    if (f.payload().length > 0 && (s.flowType() == FlowType.TCP) == f.tcp() && HeaderSignatures.matches(s, f.payload())) {
                        assertTrue(keptPayloads.contains(java.util.HexFormat.of().formatHex(f.payload())), s.id() + " frame " + f.number());
                    }
                }
            }
        }
    }

    @Test
    void luaDissectorNamesSignatureAndOpcodeLikeTheReference() throws Exception {
        assumeTrue(ExporterToolTest.available("tshark"), "tshark not installed");
        Path lua = dir.resolve("wechat.lua");
        Files.writeString(lua, new WiresharkLuaExporter().export(wechat));
        Path pcap = wechatTrace.pcap();
        String out = ExporterToolTest.run(List.of("tshark", "-n", "-X", "lua_script:" + lua, "-r", pcap.toString(),
                "-o", "tcp.try_heuristic_first:TRUE", "-o", "udp.try_heuristic_first:TRUE",
                "-o", "tcp.desegment_tcp_streams:FALSE",
                "-T", "fields", "-E", "separator=/t", "-e", "frame.number", "-e", "wechat.signature", "-e", "wechat.opcode"));
        java.util.Map<Long, String> got = new java.util.HashMap<>();
        for (String line : out.split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length == 3 && c[0].matches("\\d+")) {
                got.put(Long.parseLong(c[0]), c[1] + "|" + c[2]);
            }
        }
        int labelled = 0;
        for (Frame f : frames(pcap)) {
            Signature s = reference(wechat, f);
            String expected = "|";
            if (s != null) {
                String op = HeaderSignatures.opcode(s, f.payload(), 0, f.payload().length).orElse("");
                expected = s.name() + "|" + (op.isEmpty() ? "" : "0x" + op);
                labelled++;
            }
            String actual = got.getOrDefault(f.number(), "|");
            // the Lua dissector also labels what it sees beyond our reference only if the reference agrees
            assertEquals(expected, actual, "frame " + f.number());
        }
        assertTrue(labelled > 1000, "W-TCP and W-UDP frames labelled: " + labelled);
    }

    @Test
    void ndpiLabelsLearntServersAndNothingOfTheOtherApp() throws Exception {
        assumeTrue(ExporterToolTest.available("ndpiReader"), "ndpiReader not installed");
        Path protos = dir.resolve("wechat.protos");
        Files.writeString(protos, new NdpiExporter().export(wechat));
        String app = NdpiExporter.protocolName("wechat");
        Set<String> servers = new HashSet<>();
        for (Signature s : wechat.signatures()) {
            for (Server sv : s.servers()) {
                servers.add(sv.ip() + ":" + sv.port());
            }
        }
        assertFalse(servers.isEmpty());
        Pattern flow = Pattern.compile("(TCP|UDP) \\[?([0-9a-f.:]+?)\\]?:(\\d+) <?-> \\[?([0-9a-f.:]+?)\\]?:(\\d+) .*?\\[proto: [^/]*/([^\\]]*)\\]");
        String out = ExporterToolTest.run(List.of("ndpiReader", "-p", protos.toString(), "-i", wechatTrace.pcap().toString(), "-v", "2"));
        int toServers = 0;
        for (String line : out.split("\n")) {
            Matcher m = flow.matcher(line);
            if (m.find()) {
                String a = m.group(2) + ":" + m.group(3);
                String b = m.group(4) + ":" + m.group(5);
                if (servers.contains(a) || servers.contains(b)) {
                    toServers++;
                    assertTrue(m.group(6).contains(app), line);
                }
            }
        }
        assertTrue(toServers >= 5, "flows to learnt WeChat servers: " + toServers + "\n" + out);
        String qqOut = ExporterToolTest.run(List.of("ndpiReader", "-p", protos.toString(), "-i", qqTrace.pcap().toString(), "-v", "2"));
        assertFalse(qqOut.contains(app), "a QQ flow labelled WeChat:\n" + qqOut);
    }
}
