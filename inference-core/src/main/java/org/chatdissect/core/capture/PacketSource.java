package org.chatdissect.core.capture;

import java.io.Closeable;
import java.io.IOException;

/** A stream of frames from one or more capture files, read in order. */
public interface PacketSource extends Closeable {
    /**
     * Fills {@code into} with the next frame.
     *
     * @return false at the end of the input
     * @throws CaptureFormatException when the input is not a capture or is corrupt beyond recovery;
     *     the message is one line fit for the user
     */
    boolean next(PacketRecord into) throws IOException;

    /** Names of the files read, indexed by {@link PacketRecord#fileIndex}. */
    java.util.List<String> fileNames();
}
