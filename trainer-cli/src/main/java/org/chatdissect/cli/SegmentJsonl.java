package org.chatdissect.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.chatdissect.core.segreport.FieldRow;
import org.chatdissect.core.segreport.MessageSegments;

/** Writes the segment report, one object per line, keys in a fixed order (see docs/cli.md). */
final class SegmentJsonl {
    private SegmentJsonl() {}

    static void write(List<MessageSegments> report, OutputStream out) throws IOException {
        try (JsonGenerator json = JsonFactory.builder().build().createGenerator(out, JsonEncoding.UTF8)) {
            json.setPrettyPrinter(new MinimalPrettyPrinter(""));
            for (MessageSegments m : report) {
                json.writeStartObject();
                json.writeStringField("file", m.file());
                json.writeNumberField("frame", m.frame());
                if (m.framing() != null) {
                    json.writeNumberField("offset", m.offset());
                }
                json.writeStringField("flow", m.flow());
                json.writeNumberField("length", m.length());
                if (m.framing() != null) {
                    json.writeStringField("framing", m.framing());
                }
                json.writeFieldName("boundaries");
                json.writeStartArray();
                for (int b : m.boundaries()) {
                    json.writeNumber(b);
                }
                json.writeEndArray();
                json.writeFieldName("fields");
                json.writeStartArray();
                for (FieldRow f : m.fields()) {
                    json.writeStartObject();
                    json.writeNumberField("offset", f.offset());
                    json.writeNumberField("length", f.length());
                    json.writeStringField("type", f.type().jsonName());
                    if (f.adjust() != null) {
                        json.writeStringField("endian", f.endian());
                        json.writeNumberField("adjust", f.adjust());
                        json.writeNumberField("max", f.max());
                    }
                    if (f.mask() != null) {
                        json.writeStringField("mask", String.format("%02x", f.mask()));
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.flush();
                out.write('\n');
            }
        }
    }
}
