package org.chatdissect.store.export;

import org.chatdissect.store.model.SignatureSet;
import org.chatdissect.store.model.Status;

/**
 * Options of an export.
 *
 * @param suricataSidBase   the first Suricata rule ID; rules number up from it (1..2^31-1 - rule count)
 * @param includeUnreviewed export unreviewed candidates too (by default only reviewed signatures leave the store)
 */
public record ExportOptions(long suricataSidBase, boolean includeUnreviewed) {
    public static final long DEFAULT_SID_BASE = 9_100_000L;

    public static ExportOptions defaults() {
        return new ExportOptions(DEFAULT_SID_BASE, false);
    }

    /** The signatures to export: all, or the reviewed ones. */
    public SignatureSet select(SignatureSet set) {
        if (includeUnreviewed) {
            return set;
        }
        return new SignatureSet(set.version(),
                set.signatures().stream().filter(s -> s.status() == Status.REVIEWED).toList());
    }
}
