package org.chatdissect.store.export;

import static org.chatdissect.store.export.ExporterToolTest.available;
import static org.chatdissect.store.export.ExporterToolTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chatdissect.datasets.net.HandCapture;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.match.TextSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Wireshark Lua export of a text signature (format version 2), run by tshark on a small trace of meeting-system
 * lines and near misses: every frame's signature, line and task must be those of the reference {@link TextSignatures}.
 */
class TextLuaToolTest {
    @TempDir
    Path dir;

    static final String CLIENT = "10.0.0.2";
    static final String SERVER = "203.0.113.40";

    static Signature meetingText() {
        return new Signature("meeting", "TEXT", FlowType.TCP, 24, Status.REVIEWED, null, null, List.of(
                new Keyword(KeywordField.TEXT_LINE, "create room", 0.3, null),
                new Keyword(KeywordField.TEXT_LINE, "set admin", 0.1, "manage_meeting"),
                new Keyword(KeywordField.TEXT_LINE, "audio", 0.2, "audio any"),
                new Keyword(KeywordField.TEXT_LINE, "audio send", 0.2, "host_meeting"),
                new Keyword(KeywordField.TEXT_LINE, "clients", 0.2, null)), null, null);
    }

    private static byte[] a(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void wiresharkLuaLabelsEachTextFrameLikeTheReference() throws Exception {
        assumeTrue(available("tshark"), "tshark not installed");
        Signature sig = meetingText();
        List<byte[]> payloads = List.of(a("create room\r\n\r\n1"), a("create room\r\n\r\n123"),
                a("set admin\r\n\r\n10.0.0.3"), a("set admin now please\r\n"), a("audio send\r\n\r\n123"),
                a("audio recv\r\n\r\n123"), a("audio\r\n"), a("audiox\r\n"), a("create room"), a("create  room\r\n"),
                a("clients\r\n\r\nip 10.0.0.2\r\nip 10.0.0.3"), a("clients list of everyone\r\n"),
                a("create room \u0001\r\n"), a("\r\nclients\r\n"), new byte[] {1, 0, 0, 0x4e, 0x20},
                a("CLIENTS\r\n"), a("create room\rx\n"));
        HandCapture trace = new HandCapture();
        trace.handshake(CLIENT, 41000, SERVER, 5000);
        int first = trace.frames().size();
        for (int i = 0; i < payloads.size(); i++) {
            if (i % 2 == 0) {
                trace.tcp(CLIENT, 41000, SERVER, 5000, payloads.get(i));
            } else {
                trace.tcp(SERVER, 5000, CLIENT, 41000, payloads.get(i));
            }
        }
        Path pcap = dir.resolve("text.pcap");
        trace.write(pcap);
        Path lua = dir.resolve("meeting.lua");
        Files.writeString(lua, new WiresharkLuaExporter().export(SignatureSet.of(List.of(sig))));
        String out = run(List.of("tshark", "-n", "-X", "lua_script:" + lua, "-r", pcap.toString(),
                "-o", "tcp.try_heuristic_first:TRUE", "-T", "fields", "-E", "separator=/t", "-e", "frame.number",
                "-e", "meeting.signature", "-e", "meeting.line", "-e", "meeting.task"));
        Map<Integer, String> got = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length == 4 && c[0].matches("\\d+")) {
                got.put(Integer.parseInt(c[0]), c[1] + "|" + c[2] + "|" + c[3]);
            }
        }
        assertEquals(trace.frames().size(), got.size(), out);
        int matched = 0;
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            Optional<Keyword> k = TextSignatures.matching(sig, p, 0, p.length);
            String expected = "||";
            if (k.isPresent()) {
                matched++;
                expected = sig.name() + "|" + TextSignatures.line(p, 0, p.length, sig.scope()) + "|"
                        + TextSignatures.task(sig, p, 0, p.length).orElse("");
            }
            assertEquals(expected, got.get(first + i + 1), "frame " + (first + i + 1) + ": "
                    + new String(p, StandardCharsets.ISO_8859_1));
        }
        assertEquals(8, matched); // "clients list of everyone" ends beyond the scope
    }
}
