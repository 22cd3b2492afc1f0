package org.chatdissect.core.capture;

import java.io.IOException;

/** The input is not a readable capture; the message is a single line naming the file and the cause. */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
