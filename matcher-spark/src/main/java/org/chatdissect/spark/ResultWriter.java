package org.chatdissect.spark;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.match.classify.AppCounters;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.ClassificationWriter;
import org.chatdissect.match.classify.FlowVerdict;
import org.chatdissect.match.classify.UserSessions;

/**
 * Writes the report directory of a distributed run with the matcher's own writers, so the lines are those of
 * the local classifier: {@code flows.jsonl} and {@code tasks.jsonl} through {@link ClassificationWriter},
 * {@code users.jsonl} from {@link UserSessions}, {@code summary.json} with the local keys.
 *
 * <p>Flows arrive sorted by their first frame (file in input order, then frame). A task's {@code frame}
 * counts from the start of its flow's file and continues through the following files (as if the files were
 * one capture), so a task that begins in a later file than its flow still has one number.
 */
final class ResultWriter {
    interface Outputs {
        OutputStream open(String name) throws IOException;
    }

    private ResultWriter() {}

    static ClassificationResult write(Iterator<FinishedFlow> rows, List<FileClassifier.FileStats> files, List<String> apps,
            Outputs out) throws IOException {
        return write(rows, files, apps, out, null);
    }

    /**
     * @param userLines the lines of {@code users.jsonl} in order (computed on the executors), or null to build
     *     the sessions here from the flows
     */
    static ClassificationResult write(Iterator<FinishedFlow> rows, List<FileClassifier.FileStats> files, List<String> apps,
            Outputs out, Iterator<String> userLines) throws IOException {
        long[] offset = new long[files.size() + 1];
        for (int i = 0; i < files.size(); i++) {
            offset[i + 1] = offset[i] + files.get(i).packetsRead();
        }
        AppCounters counters = new AppCounters(apps.size());
        UserSessions users = new UserSessions();
        long flows = 0;
        try (OutputStream fo = out.open("flows.jsonl"); OutputStream to = out.open("tasks.jsonl")) {
            ClassificationWriter w = null;
            int wFile = -1;
            while (rows.hasNext()) {
                FinishedFlow r = rows.next();
                int file = r.fileIndex();
                if (file != wFile) {
                    if (w != null) {
                        w.close();
                    }
                    w = new ClassificationWriter(keepOpen(fo), keepOpen(to), files.get(file).name(), apps);
                    wFile = file;
                }
                Flow f = r.toFlow(FrameRef.frame(r.firstFrameRef));
                FlowVerdict v = r.toVerdict(ref -> offset[FrameRef.file(ref)] - offset[file] + FrameRef.frame(ref));
                w.flowEnded(f, v);
                counters.flowEnded(f, v);
                if (userLines == null) {
                    users.flowEnded(f, v);
                }
                flows++;
            }
            if (w != null) {
                w.close();
            }
        }
        CaptureStats capture = new CaptureStats();
        List<String> names = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> flowWarnings = new ArrayList<>();
        for (FileClassifier.FileStats s : files) {
            capture.packetsRead += s.packetsRead();
            capture.packetsDecoded += s.packetsDecoded();
            s.undecoded().forEach(capture::undecoded);
            warnings.addAll(s.warnings());
            if (!s.skipped()) {
                names.add(s.name());
            }
        }
        warnings.addAll(flowWarnings);
        long sessionCount = 0;
        try (OutputStream o = out.open("users.jsonl")) {
            Iterator<String> lines = userLines != null ? userLines : userLines(users.sessions(), apps).iterator();
            while (lines.hasNext()) {
                o.write(lines.next().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sessionCount++;
            }
        }
        ClassificationResult result = new ClassificationResult(names, apps, capture, counters, flows, sessionCount,
                warnings);
        try (OutputStream o = out.open("summary.json")) {
            ClassificationWriter.writeSummary(result, o);
        }
        return result;
    }

    private static OutputStream keepOpen(OutputStream o) {
        return new FilterOutputStream(o) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    // the two writers below produce the same bytes as Classifier's (private there)
    /** One line of {@code users.jsonl} per session, newline included. */
    static List<String> userLines(List<UserSessions.Session> sessions, List<String> apps) throws IOException {
        List<String> out = new ArrayList<>(sessions.size());
        for (UserSessions.Session s : sessions) {
            java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream(256);
            ClassificationWriter.writeUsers(List.of(s), apps, o);
            out.add(o.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

}
