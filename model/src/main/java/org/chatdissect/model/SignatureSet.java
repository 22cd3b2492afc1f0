package org.chatdissect.model;

import java.util.List;
import java.util.Optional;

/** The content of a signature file: format version and signatures, in file order. */
public record SignatureSet(int version, List<Signature> signatures) {
    /** The format name every file carries in its {@code format} key. */
    public static final String FORMAT = "chatdissect-signatures";
    /**
     * The newest format version this code reads. Sets are written with the oldest version that holds them
     * ({@link #of}): version 1 unless a signature uses text or endpoint forms or associations (2) or bit fields (3).
     */
    public static final int CURRENT_VERSION = 3;

    public SignatureSet {
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
    }

    public static SignatureSet of(List<Signature> signatures) {
        return new SignatureSet(requiredVersion(signatures), signatures);
    }

    /** The oldest format version that holds {@code signatures}. */
    public static int requiredVersion(List<Signature> signatures) {
        int v = 1;
        for (Signature s : signatures) {
            v = Math.max(v, s.requiredVersion());
        }
        return v;
    }

    public Optional<Signature> find(String id) {
        return signatures.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
