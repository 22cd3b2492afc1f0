package org.chatdissect.match.classify;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.util.Map;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowAddresses;
import org.chatdissect.core.flow.FlowJson;

/**
 * Writes {@code flows.jsonl} and {@code tasks.jsonl} lines (docs/design/report.md) as flows end. A flow line has
 * the keys of {@code chatdissect flows} in the same order, then {@code app}, {@code signature} ({@code null} when
 * unclassified) and {@code tasks}. Times are epoch seconds with exactly six decimals, written from integers so
 * the text never depends on floating-point formatting.
 */
public final class ClassificationWriter implements FlowSink, Closeable {
    private final JsonGenerator flows;
    private final JsonGenerator tasks;
    private final String fileName;
    private final List<String> apps;
    /** With {@code --one-capture}: frames are counted through all files, this maps them back; else null. */
    private final OneCaptureSource pieces;

    /** @param fileName the capture's name as the reader reports it (flows never span files) */
    public ClassificationWriter(OutputStream flowsOut, OutputStream tasksOut, String fileName, List<String> apps)
            throws IOException {
        this(flowsOut, tasksOut, fileName, apps, null);
    }

    /**
     * For files read as one capture: a flow's {@code file} and {@code first_frame} are the file where it starts and
     * the frame within that file; a task's {@code frame} counts from the start of that file on through the next
     * ones (as {@code --engine spark} writes them, docs/design/spark.md).
     */
    ClassificationWriter(OutputStream flowsOut, OutputStream tasksOut, List<String> apps, OneCaptureSource pieces)
            throws IOException {
        this(flowsOut, tasksOut, null, apps, pieces);
    }

    private ClassificationWriter(OutputStream flowsOut, OutputStream tasksOut, String fileName, List<String> apps,
            OneCaptureSource pieces) throws IOException {
        this.flows = generator(flowsOut);
        this.tasks = generator(tasksOut);
        this.fileName = fileName;
        this.apps = apps;
        this.pieces = pieces;
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = JsonFactory.builder().build().createGenerator(out, JsonEncoding.UTF8);
        g.setPrettyPrinter(new MinimalPrettyPrinter(""));
        return g;
    }

    @Override
    public void flowEnded(Flow f, FlowVerdict v) {
        try {
            String client = FlowAddresses.format(f.client, f.ipVersion);
            String app = v.classified() ? apps.get(v.app()) : "unknown";
            String file = fileName;
            long offset = 0;
            if (pieces != null) {
                int piece = pieces.pieceOf(f.firstFrame);
                file = pieces.fileNames().get(piece);
                offset = pieces.offset(piece);
            }
            long firstFrame = f.firstFrame - offset;
            JsonGenerator j = flows;
            j.writeStartObject();
            String uid = FlowJson.writeFields(j, f, file, firstFrame);
            j.writeStringField("app", app);
            j.writeStringField("signature", v.signature());
            j.writeNumberField("tasks", v.tasks().size());
            j.writeEndObject();
            j.writeRaw('\n');
            if (v.tasks().isEmpty()) {
                return;
            }
            String flowId = file + "#" + firstFrame;
            for (TaskRecord t : v.tasks()) {
                writeTask(uid, flowId, t.frame() - offset, app, f.flowType.jsonName(), client, t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeTask(String uid, String flowId, long frame, String app, String flowType, String client,
            TaskRecord t) throws IOException {
        JsonGenerator j = tasks;
        j.writeStartObject();
        j.writeStringField("uid", uid);
        j.writeStringField("flow", flowId);
        j.writeNumberField("frame", frame);
        j.writeStringField("app", app);
        j.writeStringField("flow_type", flowType);
        j.writeStringField("client", client);
        j.writeStringField("service", t.service());
        j.writeStringField("task", t.task());
        j.writeStringField("opcode", t.opcode());
        j.writeStringField("kind", t.kind());
        j.writeFieldName("start");
        j.writeNumber(seconds(t.startNanos()));
        j.writeFieldName("end");
        j.writeNumber(seconds(t.endNanos()));
        j.writeFieldName("completion_s");
        j.writeNumber(FlowJson.elapsed(t.startNanos(), t.endNanos()));
        j.writeNumberField("request_bytes", t.requestBytes());
        j.writeNumberField("response_bytes", t.responseBytes());
        j.writeNumberField("bytes_up", t.bytesUp());
        j.writeNumberField("bytes_down", t.bytesDown());
        j.writeEndObject();
        j.writeRaw('\n');
    }

    /** Epoch seconds with microsecond precision, floored (as {@code chatdissect flows}). */
    public static String seconds(long nanos) {
        return FlowJson.seconds(nanos);
    }

    @Override
    public void close() throws IOException {
        try (tasks) {
            flows.close();
        }
    }

    /** Writes {@code users.jsonl}: one line per user session, apps named by their index in {@code apps}. */
    public static void writeUsers(List<UserSessions.Session> sessions, List<String> apps, OutputStream o) throws IOException {
        JsonGenerator j = JsonFactory.builder().build().createGenerator(o, JsonEncoding.UTF8);
        j.setPrettyPrinter(new MinimalPrettyPrinter(""));
        for (UserSessions.Session s : sessions) {
            j.writeStartObject();
            j.writeStringField("user", s.user());
            j.writeNumberField("session", s.session());
            j.writeFieldName("start");
            j.writeNumber(ClassificationWriter.seconds(s.startNanos()));
            j.writeFieldName("end");
            j.writeNumber(ClassificationWriter.seconds(s.endNanos()));
            j.writeNumberField("bytes_up", s.bytesUp());
            j.writeNumberField("bytes_down", s.bytesDown());
            j.writeObjectFieldStart("apps");
            for (Map.Entry<Integer, UserSessions.Usage> e : s.apps().entrySet()) {
                UserSessions.Usage u = e.getValue();
                j.writeObjectFieldStart(apps.get(e.getKey()));
                j.writeNumberField("bytes_up", u.bytesUp());
                j.writeNumberField("bytes_down", u.bytesDown());
                j.writeNumberField("transfer_s", u.transferS());
                j.writeNumberField("active_s", u.activeS());
                j.writeEndObject();
            }
            j.writeEndObject();
            j.writeNumberField("transfer_s", s.transferS());
            j.writeNumberField("active_s", s.activeS());
            j.writeEndObject();
            j.writeRaw('\n');
        }
        j.flush();
    }

    /** Writes {@code summary.json}, pretty-printed, with the packet accounting and per-app totals. */
    public static void writeSummary(ClassificationResult r, OutputStream o) throws IOException {
        JsonGenerator j = JsonFactory.builder().build().createGenerator(o, JsonEncoding.UTF8);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        j.setPrettyPrinter(pp);
        j.writeStartObject();
        j.writeNumberField("packets_read", r.capture().packetsRead);
        j.writeNumberField("packets_classified", r.packetsClassified());
        j.writeNumberField("packets_unknown", r.packetsUnknown());
        j.writeNumberField("packets_undecoded", r.capture().undecodedTotal());
        j.writeObjectFieldStart("undecoded");
        for (Map.Entry<String, Long> e : r.capture().undecodedByReason().entrySet()) {
            j.writeNumberField(e.getKey(), e.getValue());
        }
        j.writeEndObject();
        j.writeArrayFieldStart("files");
        for (String f : r.files()) {
            j.writeString(f);
        }
        j.writeEndArray();
        j.writeObjectFieldStart("apps");
        AppCounters c = r.counters();
        for (int i = 0; i <= r.apps().size(); i++) {
            j.writeObjectFieldStart(i < r.apps().size() ? r.apps().get(i) : "unknown");
            j.writeNumberField("flows", c.flows(i));
            j.writeNumberField("packets", c.packets(i));
            j.writeNumberField("bytes", c.bytes(i));
            j.writeEndObject();
        }
        j.writeEndObject();
        j.writeNumberField("flows", r.flows());
        j.writeNumberField("sessions", r.sessions());
        j.writeEndObject();
        j.writeRaw('\n');
        j.flush();
    }
}
