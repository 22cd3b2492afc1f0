package org.chatdissect.datasets.truth;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatdissect.datasets.net.FlowTag;
import org.chatdissect.datasets.net.MessageTag;

/** Streams truth-flows.jsonl and truth-messages.jsonl as the wire writes frames. */
public final class TruthRecorder implements Closeable {
    public static final String FLOWS = "truth-flows.jsonl";
    public static final String MESSAGES = "truth-messages.jsonl";
    private final BufferedWriter flows;
    private final BufferedWriter messages;
    private final StringBuilder sb = new StringBuilder(256);

    public TruthRecorder(Path dir) {
        try {
            flows = Files.newBufferedWriter(dir.resolve(FLOWS), StandardCharsets.UTF_8);
            messages = Files.newBufferedWriter(dir.resolve(MESSAGES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flow(FlowTag f) {
        sb.setLength(0);
        sb.append('{');
        tuple(f);
        sb.append(",\"first_frame\":").append(f.firstFrame()).append(",");
        str("app", f.app).append(",");
        str("service", f.service).append(',');
        str("flow_type", f.flowType);
        if (f.serverName != null) {
            sb.append(',');
            str("server_name", f.serverName);
        }
        sb.append("}\n");
        write(flows);
    }

    public void message(MessageTag m, long frame) {
        sb.setLength(0);
        sb.append('{');
        tuple(m.flow());
        sb.append(",\"frame\":").append(frame).append(',');
        str("app", m.app()).append(',');
        str("service", m.service()).append(',');
        str("task", m.task()).append(',');
        if (m.opcode() != null) {
            str("opcode", m.opcode()).append(',');
        }
        str("direction", m.up() ? "up" : "down").append(',');
        sb.append("\"length\":").append(m.length()).append(',');
        str("kind", m.kind());
        if (m.fields() != null && !m.fields().isEmpty()) {
            sb.append(",\"fields\":[");
            for (int i = 0; i < m.fields().size(); i++) {
                MessageTag.FieldSpec fs = m.fields().get(i);
                sb.append(i == 0 ? "" : ",").append("{\"offset\":").append(fs.offset()).append(",\"length\":")
                        .append(fs.length()).append(",\"type\":\"").append(fs.type()).append('"');
                if (fs.endian() != null) {
                    sb.append(",\"endian\":\"").append(fs.endian()).append('"');
                }
                if (fs.mask() != null) {
                    sb.append(",\"mask\":").append(fs.mask());
                }
                sb.append('}');
            }
            sb.append(']');
        }
        sb.append("}\n");
        write(messages);
    }

    private void tuple(FlowTag f) {
        str("client_ip", f.client.ipString()).append(",\"client_port\":").append(f.clientPort).append(',');
        str("server_ip", f.server.ipString()).append(",\"server_port\":").append(f.serverPort).append(',');
        str("transport", f.transport);
    }

    private StringBuilder str(String k, String v) {
        sb.append('"').append(k).append("\":\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"');
    }

    private void write(BufferedWriter w) {
        try {
            w.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            flows.close();
            messages.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
