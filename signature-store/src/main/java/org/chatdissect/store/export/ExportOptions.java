package org.chatdissect.store.export;

import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;

/**
 * Options of an export.
 *
 * @param suricataSidBase   the first Suricata rule ID, rules numbering up from it (1..2^31-1 - rule count); 0: each
 *                          rule's sid from its own text ({@code SuricataExporter.Sids})
 * @param includeUnreviewed export unreviewed candidates too (by default only reviewed signatures leave the store)
 */
public record ExportOptions(long suricataSidBase, boolean includeUnreviewed) {
    public static final long DEFAULT_SID_BASE = 0;

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
