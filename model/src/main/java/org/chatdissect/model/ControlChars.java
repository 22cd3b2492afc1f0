package org.chatdissect.model;

/**
 * C0 and C1 control characters and DEL: names, tasks and services that reach a terminal (the manifest's, a signature
 * file's) may hold none, since an ESC or CSI sequence there rewrites the screen of whoever reads them.
 */
public final class ControlChars {
    private ControlChars() {}

    public static boolean is(int c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0;
    }

    public static boolean in(String text) {
        return text.chars().anyMatch(ControlChars::is);
    }
}
