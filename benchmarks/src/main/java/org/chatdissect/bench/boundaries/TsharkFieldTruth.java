package org.chatdissect.bench.boundaries;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Field boundaries of real protocols, taken from tshark's dissection as ground truth.
 *
 * <p>{@code tshark -T json -x} gives every field as {@code name_raw: [hex, offset, length, bitmask,
 * type]} with offsets into the frame. Every range that lies inside the transport payload contributes
 * its start and end; bit fields share their parent's bytes and so add no byte boundary, which is the
 * right truth for a byte-level segmenter. TCP reassembly is turned off so offsets always refer to the
 * frame itself. The JSON is streamed, not loaded: tshark repeats keys (one per DNS query, say), which
 * a tree model would silently collapse.
 */
public final class TsharkFieldTruth {
    private TsharkFieldTruth() {}

    /**
     * Dissects up to {@code maxMessages} frames of {@code capture} matching {@code displayFilter} and
     * returns the non-empty transport payloads with their field boundaries.
     */
    public static List<DissectedMessage> extract(Path capture, String displayFilter, int maxMessages)
            throws IOException, InterruptedException {
        List<String> cmd = List.of("tshark", "-n", "-r", capture.toString(),
                "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "ip.defragment:FALSE",
                "-Y", displayFilter, "-T", "json", "-x");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<DissectedMessage> out;
        try (InputStream in = p.getInputStream()) {
            out = parse(in, maxMessages);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return out;
    }

    static List<DissectedMessage> parse(InputStream json, int maxMessages) throws IOException {
        List<DissectedMessage> out = new ArrayList<>();
        try (JsonParser jp = new JsonFactory().createParser(json)) {
            if (jp.nextToken() != JsonToken.START_ARRAY) {
                return out;
            }
            while (jp.nextToken() == JsonToken.START_OBJECT && out.size() < maxMessages) {
                DissectedMessage m = parsePacket(jp);
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** Reads one packet object (the parser is on its START_OBJECT) up to its END_OBJECT. */
    private static DissectedMessage parsePacket(JsonParser jp) throws IOException {
        PacketState st = new PacketState();
        int depth = 1;
        String layer = null;
        while (depth > 0) {
            JsonToken t = jp.nextToken();
            if (t == JsonToken.START_OBJECT) {
                depth++;
            } else if (t == JsonToken.END_OBJECT) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                // depth 3 = keys of _source.layers: each is a protocol layer (or its _raw twin)
                if (depth == 3) {
                    layer = name.endsWith("_raw") ? name.substring(0, name.length() - 4) : name;
                    st.enterLayer(layer);
                }
                JsonToken v = jp.nextToken();
                if (v == JsonToken.START_ARRAY) {
                    st.onArray(name, layer, readRaw(jp));
                } else if (v == JsonToken.START_OBJECT) {
                    depth++;
                } else if (v.isScalarValue()) {
                    st.onScalar(name, jp.getText());
                }
            }
        }
        return st.toMessage();
    }

    /** Reads an array; returns [off, len] when it has the raw shape [hex, off, len, mask, type]. */
    private static Object readRaw(JsonParser jp) throws IOException {
        List<Object> items = new ArrayList<>();
        List<Object> nested = new ArrayList<>();
        JsonToken t;
        while ((t = jp.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_ARRAY) {
                nested.add(readRaw(jp));
            } else if (t == JsonToken.START_OBJECT) {
                jp.skipChildren();
            } else if (t == JsonToken.VALUE_STRING) {
                items.add(jp.getText());
            } else if (t == JsonToken.VALUE_NUMBER_INT) {
                items.add(jp.getLongValue());
            }
        }
        if (!nested.isEmpty()) {
            return nested;
        }
        if (items.size() >= 3 && items.get(0) instanceof String hex && items.get(1) instanceof Long off
                && items.get(2) instanceof Long len) {
            return new Raw(hex, off.intValue(), len.intValue());
        }
        return null;
    }

    record Raw(String hex, int offset, int length) {}

    /** Accumulates what one packet's JSON says. */
    private static final class PacketState {
        long frame = -1;
        String frameHex;
        boolean afterTransport;
        String transport;
        int payloadStart = -1;
        int payloadLength = -1;
        final List<Raw> appRanges = new ArrayList<>();

        void enterLayer(String layer) {
            if (transport != null && !layer.equals(transport)) {
                afterTransport = true;
            }
            if (layer.equals("tcp") || layer.equals("udp")) {
                transport = layer;
                afterTransport = false;
            }
        }

        void onScalar(String name, String value) {
            switch (name) {
                case "frame.number" -> frame = Long.parseLong(value);
                case "tcp.len" -> payloadLength = Integer.parseInt(value);
                case "udp.length" -> {
                    if (payloadLength < 0) {
                        payloadLength = Integer.parseInt(value) - 8;
                    }
                }
                default -> { }
            }
        }

        void onArray(String name, String layer, Object raw) {
            if (raw instanceof List<?> list) {
                for (Object o : list) {
                    onArray(name, layer, o);
                }
                return;
            }
            if (!(raw instanceof Raw r)) {
                return;
            }
            if (name.equals("frame_raw")) {
                frameHex = r.hex();
            } else if ((name.equals("tcp_raw") || name.equals("udp_raw")) && layer.equals(transport)) {
                payloadStart = r.offset() + r.length();
            } else if (afterTransport && r.length() > 0) {
                appRanges.add(r);
            }
        }

        DissectedMessage toMessage() {
            if (frame < 0 || frameHex == null || payloadStart < 0 || payloadLength <= 0 || appRanges.isEmpty()) {
                return null;
            }
            byte[] frameBytes = HexFormat.of().parseHex(frameHex);
            int len = Math.min(payloadLength, frameBytes.length - payloadStart);
            if (len <= 0) {
                return null;
            }
            byte[] payload = java.util.Arrays.copyOfRange(frameBytes, payloadStart, payloadStart + len);
            TreeSet<Integer> b = new TreeSet<>();
            for (Raw r : appRanges) {
                int s = r.offset() - payloadStart;
                int e = s + r.length();
                if (s > 0 && s < len) {
                    b.add(s);
                }
                if (e > 0 && e < len) {
                    b.add(e);
                }
            }
            return new DissectedMessage(frame, payload, b.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
