package org.chatdissect.core.segment;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntRBTreeSet;
import it.unimi.dsi.fastutil.ints.IntSortedSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import org.chatdissect.core.params.Parameters;

/**
 * {@code segment.evidence=true}, not an ingredient of the paper: VE's boundaries joined with structure evidence that
 * VE cannot see from n-gram statistics alone, each step generic (no protocol, port or value is named anywhere):
 * <ol>
 * <li><b>Columns</b> ({@link ColumnBoundaries}): messages aligned at byte 0, a boundary where a column's entropy jumps.</li>
 * <li><b>Small numbers</b>: two adjacent columns, one (nearly) always zero and the other varying, are the high and low
 * byte of one small integer, big endian (zero first) or little endian (zero second). The cut between them (which the
 * entropy jump of step 1 or VE puts there) goes, and the pair becomes a field of its own. Pairs start at multiples of
 * {@code evidence.number_align} (16-bit words are naturally aligned in most designs; 1 disables the constraint).</li>
 * <li><b>Strings</b>: a run of at least {@code evidence.text_min_run} printable bytes (with its NUL terminator), a run
 * of UTF-16LE characters, or a chain of length-prefixed printable labels ended by a NUL byte, is one field: cuts
 * inside go, its edges become boundaries. A run does not start in a column whose bytes are mostly not printable
 * (a block number that happens to be a letter stays in the header).</li>
 * <li><b>Opaque data</b>: a stretch where every window of {@code evidence.opaque_window} bytes has at least
 * {@code evidence.opaque_distinct} of its bytes distinct is compressed or encrypted payload: one field.</li>
 * <li><b>Tag-length-value chains</b>: from one offset (the one where most messages parse) to the end of the message,
 * elements of a 1-byte tag, a BER length (short form, or 0x81/0x82 long form) and the value, at least
 * {@code evidence.tlv_min_elements} of them, an optional end byte and zero padding allowed after the chain. A value
 * whose tag has the BER constructed bit and that parses completely is parsed as nested elements. When a message has
 * nested elements the chain describes it completely and replaces the other cuts after the chain's start; a flat
 * chain only adds its element boundaries. Used only when at least {@code evidence.tlv_min_share} of the messages
 * parse at that offset, and a chain cutting through a string of step 3 is not a chain.</li>
 * </ol>
 * Measured on real captures in docs/benchmarks.md ("Field boundaries on real captures").
 */
public final class StructureEvidence {
    private final double columnDelta;
    private final int columnMinMessages;
    private final double numberZeroShare;
    private final int numberAlign;
    private final int textMinRun;
    private final int opaqueWindow;
    private final double opaqueDistinct;
    private final int tlvMinElements;
    private final double tlvMinShare;

    /** A column varies (for the small-number test) when fewer than this share of its bytes are zero. */
    static final double VARYING_MAX_ZERO_SHARE = 0.5;
    /** Length-prefixed labels are at most this long (a length byte above it is not a label length). */
    static final int MAX_LABEL = 63;
    /** An opaque stretch starts at a column with at least this share of distinct values (random bytes: most). */
    static final double OPAQUE_COLUMN_DISTINCT = 0.5;
    /** A column is a text column when at least this share of the messages reaching it have a printable byte there. */
    static final double TEXT_COLUMN_SHARE = 0.5;

    public StructureEvidence(Parameters p) {
        this(p.evidenceColumnDelta(), p.evidenceColumnMinMessages(), p.evidenceNumberZeroShare(), p.evidenceNumberAlign(),
                p.evidenceTextMinRun(), p.evidenceOpaqueWindow(), p.evidenceOpaqueDistinct(), p.evidenceTlvMinElements(),
                p.evidenceTlvMinShare());
    }

    public StructureEvidence(double columnDelta, int columnMinMessages, double numberZeroShare, int numberAlign,
                             int textMinRun, int opaqueWindow, double opaqueDistinct, int tlvMinElements,
                             double tlvMinShare) {
        this.columnDelta = columnDelta;
        this.columnMinMessages = columnMinMessages;
        this.numberZeroShare = numberZeroShare;
        this.numberAlign = Math.max(1, numberAlign);
        this.textMinRun = textMinRun;
        this.opaqueWindow = opaqueWindow;
        this.opaqueDistinct = opaqueDistinct;
        this.tlvMinElements = tlvMinElements;
        this.tlvMinShare = tlvMinShare;
    }

    /** {@code segs[i]} (VE's segmentation of {@code corpus[i]}) joined with the evidence; one result per message. */
    public List<Segmentation> apply(List<byte[]> corpus, List<Segmentation> segs) {
        int n = corpus.size();
        int[] cols = new ColumnBoundaries(columnDelta, columnMinMessages).boundaries(corpus);
        Columns columns = new Columns(corpus);
        IntArrayList pairs = numberPairs(columns);
        IntRBTreeSet[] cuts = new IntRBTreeSet[n];
        List<List<int[]>> strings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] m = corpus.get(i);
            int len = segs.get(i).length();
            IntRBTreeSet b = new IntRBTreeSet(segs.get(i).boundaries());
            for (int c : cols) {
                if (c < len) {
                    b.add(c);
                }
            }
            for (int k = 0; k < pairs.size(); k++) {
                int p = pairs.getInt(k);
                if (p + 2 <= m.length && p + 2 <= len) {
                    b.remove(p + 1);
                    if (p > 0) {
                        b.add(p);
                    }
                    if (p + 2 < len) {
                        b.add(p + 2);
                    }
                }
            }
            List<int[]> regions = regions(m, columns);
            strings.add(regions);
            for (int[] r : regions) {
                b.subSet(r[0] + 1, r[1]).clear();
                if (r[0] > 0 && r[0] < len) {
                    b.add(r[0]);
                }
                if (r[1] < len) {
                    b.add(r[1]);
                }
            }
            cuts[i] = b;
        }
        applyTlv(corpus, cuts, strings, segs);
        List<Segmentation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = segs.get(i).length();
            out.add(new Segmentation(len, cuts[i].subSet(1, len).toIntArray()));
        }
        return out;
    }

    // ---- step 2: small numbers

    /** Per-column statistics over the messages aligned at byte 0. */
    static final class Columns {
        final int[] reach;
        final double[] zero;
        final int[] distinct;
        final double[] printable;

        Columns(List<byte[]> corpus) {
            int maxLen = 0;
            for (byte[] m : corpus) {
                maxLen = Math.max(maxLen, m.length);
            }
            reach = new int[maxLen];
            zero = new double[maxLen];
            distinct = new int[maxLen];
            printable = new double[maxLen];
            for (int i = 0; i < maxLen; i++) {
                BitSet seen = new BitSet(256);
                int z = 0;
                int p = 0;
                for (byte[] m : corpus) {
                    if (m.length > i) {
                        reach[i]++;
                        z += m[i] == 0 ? 1 : 0;
                        p += printable(m[i] & 0xff) ? 1 : 0;
                        seen.set(m[i] & 0xff);
                    }
                }
                zero[i] = reach[i] == 0 ? 0 : (double) z / reach[i];
                printable[i] = reach[i] == 0 ? 0 : (double) p / reach[i];
                distinct[i] = seen.cardinality();
            }
        }
    }

    /** Offsets p where columns p and p+1 are the zero and the varying byte of one small integer (either order). */
    IntArrayList numberPairs(List<byte[]> corpus) {
        return numberPairs(new Columns(corpus));
    }

    IntArrayList numberPairs(Columns c) {
        int maxLen = c.reach.length;
        int[] reach = c.reach;
        double[] zero = c.zero;
        int[] distinct = c.distinct;
        IntArrayList out = new IntArrayList();
        for (int i = 0; i + 1 < maxLen; i += numberAlign) {
            if (reach[i + 1] < columnMinMessages) {
                break;
            }
            boolean zi = zero[i] >= numberZeroShare;
            boolean zj = zero[i + 1] >= numberZeroShare;
            boolean vi = distinct[i] >= 2 && zero[i] < VARYING_MAX_ZERO_SHARE;
            boolean vj = distinct[i + 1] >= 2 && zero[i + 1] < VARYING_MAX_ZERO_SHARE;
            if (zi && vj || vi && zj) {
                out.add(i);
                if (numberAlign == 1) {
                    i++;
                }
            }
        }
        return out;
    }

    // ---- steps 3 and 4: strings and opaque data

    static boolean printable(int b) {
        return b >= 0x20 && b < 0x7f || b == '\t' || b == '\n' || b == '\r' || b == '\f';
    }

    private static boolean graphicOrSpace(int b) {
        return b >= 0x20 && b < 0x7f;
    }

    /** Opaque stretches, then strings outside them, each [start, end), in order of discovery. */
    List<int[]> regions(byte[] m, Columns columns) {
        List<int[]> out = new ArrayList<>();
        int n = m.length;
        boolean[] opaque = new boolean[n];
        if (opaqueWindow > 0) {
            int need = (int) Math.ceil(opaqueWindow * opaqueDistinct);
            int[] counts = new int[256];
            int distinct = 0;
            for (int k = 0; k < n; k++) {
                if (counts[m[k] & 0xff]++ == 0) {
                    distinct++;
                }
                if (k >= opaqueWindow && --counts[m[k - opaqueWindow] & 0xff] == 0) {
                    distinct--;
                }
                if (k >= opaqueWindow - 1 && distinct >= need) {
                    for (int j = k - opaqueWindow + 1; j <= k; j++) {
                        opaque[j] = true;
                    }
                }
            }
            for (int x = 0; x < n; ) {
                if (!opaque[x]) {
                    x++;
                    continue;
                }
                int y = x;
                while (y < n && opaque[y]) {
                    y++;
                }
                // a window reaching back into a short header swallows it: the stretch starts at the first column
                // that varies like random data does (few repeated values across the messages)
                int s = x;
                while (s < y && s < columns.reach.length && columns.reach[s] >= columnMinMessages
                        && columns.distinct[s] < OPAQUE_COLUMN_DISTINCT * Math.min(256, columns.reach[s])) {
                    opaque[s] = false;
                    s++;
                }
                if (s < y) {
                    out.add(new int[] {s, y});
                }
                x = y;
            }
        }
        int i = 0;
        while (i < n) {
            if (opaque[i]) {
                i++;
                continue;
            }
            int chain = labelChainEnd(m, i);
            if (chain > 0 && chain - i >= textMinRun) {
                out.add(new int[] {i, chain});
                i = chain;
                continue;
            }
            if (i + 1 < n && printable(m[i] & 0xff) && m[i + 1] == 0) {
                int j = i;
                while (j + 1 < n && printable(m[j] & 0xff) && m[j + 1] == 0 && !opaque[j]) {
                    j += 2;
                }
                if ((j - i) / 2 >= textMinRun) {
                    int e = j + 1 < n && m[j] == 0 && m[j + 1] == 0 ? j + 2 : j;
                    out.add(new int[] {i, e});
                    i = e;
                    continue;
                }
            }
            if (graphicOrSpace(m[i] & 0xff)) {
                int j = i;
                while (j < n && printable(m[j] & 0xff) && !opaque[j]) {
                    j++;
                }
                int s = i;
                while (s < j && s < columns.reach.length && columns.reach[s] >= columnMinMessages
                        && columns.printable[s] < TEXT_COLUMN_SHARE) {
                    s++;
                }
                if (j - s >= textMinRun) {
                    int e = j < n && m[j] == 0 ? j + 1 : j;
                    out.add(new int[] {s, e});
                    i = e;
                    continue;
                }
                i = j;
                continue;
            }
            i++;
        }
        return out;
    }

    /** End (after the NUL) of a chain of length-prefixed printable labels starting at {@code i}, or -1. */
    private static int labelChainEnd(byte[] m, int i) {
        int n = m.length;
        int j = i;
        int labels = 0;
        while (j < n) {
            int l = m[j] & 0xff;
            if (l == 0 || l > MAX_LABEL || j + 1 + l > n) {
                break;
            }
            boolean ok = true;
            for (int k = j + 1; k <= j + l && ok; k++) {
                ok = graphicOrSpace(m[k] & 0xff);
            }
            if (!ok) {
                break;
            }
            labels++;
            j += 1 + l;
        }
        return labels >= 1 && j < n && m[j] == 0 ? j + 1 : -1;
    }

    // ---- step 5: tag-length-value chains

    /** One parse: the boundaries it gives (start of the chain up to the end) and whether it nested. */
    private record Chain(IntSortedSet bounds, int elements, boolean nested) {}

    private void applyTlv(List<byte[]> corpus, IntRBTreeSet[] cuts, List<List<int[]>> strings, List<Segmentation> segs) {
        if (tlvMinElements <= 0) {
            return;
        }
        TreeMap<Integer, Integer> starts = new TreeMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            byte[] m = corpus.get(i);
            for (int s = 0; s + 2 <= m.length; s++) {
                if (valid(parse(m, s), strings.get(i))) {
                    starts.merge(s, 1, Integer::sum);
                }
            }
        }
        int best = -1;
        int bestCount = 0;
        for (var e : starts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        if (best < 0 || bestCount < tlvMinShare * corpus.size()) {
            return;
        }
        for (int i = 0; i < corpus.size(); i++) {
            byte[] m = corpus.get(i);
            Chain c = parse(m, best);
            if (!valid(c, strings.get(i))) {
                continue;
            }
            int len = segs.get(i).length();
            if (c.nested()) {
                cuts[i].tailSet(best + 1).clear();
            }
            if (best > 0 && best < len) {
                cuts[i].add(best);
            }
            for (int x : c.bounds()) {
                if (x > 0 && x < len) {
                    cuts[i].add(x);
                }
            }
        }
    }

    private boolean valid(Chain c, List<int[]> strings) {
        if (c == null || c.elements() < tlvMinElements) {
            return false;
        }
        for (int[] r : strings) {
            if (!c.bounds().subSet(r[0] + 1, r[1]).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Chain parse(byte[] m, int s) {
        int[] count = new int[2];
        IntSortedSet b = chain(m, s, m.length, true, count);
        return b == null ? null : new Chain(b, count[0], count[1] > 0);
    }

    /** Elements from s to exactly e (the top level may end in one end byte and zero padding); null if none. */
    private static IntSortedSet chain(byte[] m, int s, int e, boolean top, int[] count) {
        IntSortedSet out = new IntRBTreeSet();
        int pos = s;
        while (pos < e) {
            if (top && pos > s && paddingFrom(m, pos + 1, e) && chain(m, pos, e, false, new int[2]) == null) {
                out.add(pos);
                if (pos + 1 < e && m[pos] != 0) {
                    out.add(pos + 1);
                }
                return out;
            }
            if (e - pos < 2) {
                return null;
            }
            int tag = m[pos] & 0xff;
            int lb = m[pos + 1] & 0xff;
            int hdr;
            int len;
            if (lb < 0x80) {
                hdr = 2;
                len = lb;
            } else if (lb == 0x81 && pos + 2 < e) {
                hdr = 3;
                len = m[pos + 2] & 0xff;
            } else if (lb == 0x82 && pos + 3 < e) {
                hdr = 4;
                len = (m[pos + 2] & 0xff) << 8 | m[pos + 3] & 0xff;
            } else {
                return null;
            }
            int end = pos + hdr + len;
            if (end > e) {
                return null;
            }
            count[0]++;
            out.add(pos);
            IntSortedSet kids = (tag & 0x20) != 0 && len >= 2 ? chain(m, pos + hdr, end, false, count) : null;
            if (kids != null) {
                count[1]++;
                out.addAll(kids);
            } else {
                out.add(pos + hdr);
            }
            pos = end;
        }
        out.add(e);
        return out;
    }

    private static boolean paddingFrom(byte[] m, int from, int e) {
        for (int k = from; k < e; k++) {
            if (m[k] != 0) {
                return false;
            }
        }
        return true;
    }
}
