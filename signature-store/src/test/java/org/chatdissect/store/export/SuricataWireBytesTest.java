package org.chatdissect.store.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keyword contents are the bytes the trainer saw on the wire, whatever the characters look like. */
class SuricataWireBytesTest {
    @Test
    void headerValuesDecodedAsLatin1ExportAsTheirWireBytes() {
        // "Skype™" sent as UTF-8 and read back by the HTTP inspector (ISO-8859-1): three chars for the mark
        String seen = new String("Skype\u2122 Beta".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("Skype|e2 84 a2 20|Beta", SuricataExporter.textContent(seen));
        assertEquals(3 + 5 + 5, SuricataExporter.wireBytes(seen).length);
        // a value typed by hand with characters beyond Latin-1 stays UTF-8
        assertEquals(8, SuricataExporter.wireBytes("Skype\u2122").length);
    }
}
