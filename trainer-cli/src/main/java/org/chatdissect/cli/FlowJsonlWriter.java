package org.chatdissect.cli;

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
import org.chatdissect.core.flow.FlowJson;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.model.Direction;

/**
 * Writes one JSON object per ended flow, in the flow table's emission order. Keys and their order are
 * fixed (see docs/design/flows.md); {@code sni} and {@code host} are omitted when unknown. Timestamps are
 * epoch seconds with exactly six decimals, written from integers so the text never depends on
 * floating-point formatting.
 */
final class FlowJsonlWriter implements FlowObserver, Closeable {
    private final JsonGenerator json;
    private final List<String> fileNames;

    FlowJsonlWriter(OutputStream out, List<String> fileNames) throws IOException {
        JsonFactory factory = JsonFactory.builder().build();
        this.json = factory.createGenerator(out, JsonEncoding.UTF8);
        // no separator between root values: each line ends with our own '\n' instead of Jackson's space
        this.json.setPrettyPrinter(new MinimalPrettyPrinter(""));
        this.fileNames = fileNames;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long timestampNanos, long frameNumber,
                          byte[] data, int offset, int length, int wireLength) {
        // the flow table is written at flow end; payloads are not part of it
    }

    @Override
    public void onFlowEnd(Flow f) {
        try {
            json.writeStartObject();
            FlowJson.writeFields(json, f, f.fileIndex < fileNames.size() ? fileNames.get(f.fileIndex)
                    : Integer.toString(f.fileIndex));
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void close() throws IOException {
        json.close();
    }
}
