package org.chatdissect.store.model;

import java.util.List;
import java.util.Optional;

/** The content of a signature file: format version and signatures, in file order. */
public record SignatureSet(int version, List<Signature> signatures) {
    /** The format name every file carries in its {@code format} key. */
    public static final String FORMAT = "chatdissect-signatures";
    /** The newest format version this code reads and the one it writes. */
    public static final int CURRENT_VERSION = 1;

    public SignatureSet {
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
    }

    public static SignatureSet of(List<Signature> signatures) {
        return new SignatureSet(CURRENT_VERSION, signatures);
    }

    public Optional<Signature> find(String id) {
        return signatures.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
