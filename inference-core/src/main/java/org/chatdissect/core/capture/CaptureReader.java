package org.chatdissect.core.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Opens captures for the bulk path (no libpcap): pcap, pcapng, gzip, directories, lists of files. */
public final class CaptureReader {
    private CaptureReader() {}

    /**
     * Opens the inputs in order; a directory contributes its regular files sorted by path.
     * Reader-level problems (a record cut short, a corrupt length) are counted in {@code stats}.
     */
    public static PacketSource open(List<Path> inputs, CaptureStats stats) throws IOException {
        throw new UnsupportedOperationException("capture reader not implemented yet");
    }
}
