package org.chatdissect.core.capture;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Live capture needs privileges we do not have in tests; what can be checked is how it fails. */
class CaptureLiveTest {
    @Test
    void nonexistentInterfaceIsAOneLineError() {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> LiveCapture.open("nosuchif0", 65535, new CaptureStats()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // Without libpcap the message says so; with it, the interface is named.
        assertTrue(e.getMessage().startsWith("nosuchif0: no such interface")
                || e.getMessage().startsWith("nosuchif0: cannot open")
                || e.getMessage().startsWith("live capture needs libpcap"), e.getMessage());
    }
}
