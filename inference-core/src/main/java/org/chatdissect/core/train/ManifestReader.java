package org.chatdissect.core.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.model.ControlChars;

/**
 * Reads the controlled-experiment manifest: a CSV with header {@code start,end,task,client} (epoch
 * seconds), optionally followed by a {@code service} column, saying which task ran when on which device.
 */
public final class ManifestReader {
    /** A manifest line with its optional service. */
    public record Line(ManifestEntry entry, String service) {}

    private ManifestReader() {}

    /** @throws IOException with a one-line message naming the file and line for malformed input */
    public static List<Line> read(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IOException(file + ": empty manifest (expected header start,end,task,client)");
            }
            String[] cols = header.trim().toLowerCase(Locale.ROOT).split(",");
            int start = index(cols, "start", file);
            int end = index(cols, "end", file);
            int task = index(cols, "task", file);
            int client = indexOptional(cols, "client");
            int service = indexOptional(cols, "service");
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] v = line.split(",", -1);
                try {
                    double s = Double.parseDouble(v[start].trim());
                    double e = Double.parseDouble(v[end].trim());
                    if (!Double.isFinite(s) || !Double.isFinite(e) || s < 0) {
                        throw new IOException(file + ":" + n + ": start and end must be finite epoch seconds");
                    }
                    if (e < s) {
                        throw new IOException(file + ":" + n + ": end before start");
                    }
                    String t = v[task].trim();
                    if (t.isEmpty()) {
                        throw new IOException(file + ":" + n + ": empty task name");
                    }
                    String c = client >= 0 && client < v.length ? v[client].trim() : "";
                    String sv = service >= 0 && service < v.length ? v[service].trim() : null;
                    if (ControlChars.in(t) || sv != null && ControlChars.in(sv)) {
                        throw new IOException(file + ":" + n + ": task and service names may not hold control characters");
                    }
                    if (!c.isEmpty() && !isAddress(c)) {
                        throw new IOException(file + ":" + n + ": client '" + c + "' is not an IPv4 or IPv6 address");
                    }
                    out.add(new Line(new ManifestEntry(s, e, t, c), sv == null || sv.isEmpty() ? null : sv));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException ex) {
                    throw new IOException(file + ":" + n + ": malformed manifest line '" + line + "'");
                }
            }
        }
        return out;
    }

    /** An address literal, checked without a name lookup: a dotted quad, or a string with ':' parsed as IPv6. */
    private static boolean isAddress(String text) {
        if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (text.indexOf(':') < 0 || !text.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // with a ':' the text is taken as an IPv6 literal, never looked up
            java.net.InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static int index(String[] cols, String name, Path file) throws IOException {
        int i = indexOptional(cols, name);
        if (i < 0) {
            throw new IOException(file + ": manifest header lacks column '" + name + "' (expected start,end,task,client)");
        }
        return i;
    }

    private static int indexOptional(String[] cols, String name) {
        for (int i = 0; i < cols.length; i++) {
            if (cols[i].trim().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
