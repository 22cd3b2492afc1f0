package org.chatdissect.store.export;

import org.chatdissect.model.SignatureSet;

/** Turns a signature set into the input of another tool. Implementations are pure: same set, same text. */
public interface Exporter {
    ExportFormat format();

    /** The exported text (UTF-8 when written), ending in a newline. */
    String export(SignatureSet set);
}
