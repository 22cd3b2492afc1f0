package org.chatdissect.datasets.truth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ground truth written beside a capture, loaded as typed records for scoring and tests. */
public record GroundTruth(List<TruthFlow> flows, List<TruthMessage> messages) {

    public static GroundTruth load(Path dir) {
        List<TruthFlow> flows = new ArrayList<>();
        List<TruthMessage> msgs = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve(TruthRecorder.FLOWS), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    flows.add(flow(Json.parseObject(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (BufferedReader r = Files.newBufferedReader(dir.resolve(TruthRecorder.MESSAGES), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    msgs.add(message(Json.parseObject(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GroundTruth(List.copyOf(flows), List.copyOf(msgs));
    }

    private static TruthFlow flow(Map<String, Object> o) {
        return new TruthFlow((String) o.get("client_ip"), num(o, "client_port"), (String) o.get("server_ip"),
                num(o, "server_port"), (String) o.get("transport"), lnum(o, "first_frame"), (String) o.get("app"),
                (String) o.get("service"), (String) o.get("flow_type"), (String) o.get("server_name"));
    }

    @SuppressWarnings("unchecked")
    private static TruthMessage message(Map<String, Object> o) {
        List<TruthMessage.Field> fields = new ArrayList<>();
        Object fs = o.get("fields");
        if (fs instanceof List<?> l) {
            for (Object x : l) {
                Map<String, Object> f = (Map<String, Object>) x;
                fields.add(new TruthMessage.Field(num(f, "offset"), num(f, "length"), (String) f.get("type")));
            }
        }
        return new TruthMessage((String) o.get("client_ip"), num(o, "client_port"), (String) o.get("server_ip"),
                num(o, "server_port"), (String) o.get("transport"), lnum(o, "frame"), (String) o.get("app"),
                (String) o.get("service"), (String) o.get("task"), (String) o.get("opcode"),
                (String) o.get("direction"), lnum(o, "length"), (String) o.get("kind"), List.copyOf(fields));
    }

    private static int num(Map<String, Object> o, String k) {
        return (int) lnum(o, k);
    }

    private static long lnum(Map<String, Object> o, String k) {
        Object v = o.get(k);
        if (!(v instanceof Long l)) {
            throw new IllegalArgumentException("truth line lacks numeric " + k);
        }
        return l;
    }
}
