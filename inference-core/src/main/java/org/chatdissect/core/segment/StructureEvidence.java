package org.chatdissect.core.segment;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntRBTreeSet;
import it.unimi.dsi.fastutil.ints.IntSortedSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.chatdissect.core.params.Parameters;

/**
 * {@code segment.evidence=true}, not an ingredient of the paper: VE's boundaries joined with structure evidence that
 * VE cannot see from n-gram statistics alone, each step generic (no protocol, port or value is named anywhere):
 * <ol>
 * <li><b>Columns</b> ({@link ColumnBoundaries}): messages aligned at byte 0, a boundary where a column's entropy jumps.</li>
 * <li><b>Constant bytes</b>: two adjacent columns with one value each, both non-zero and not printable, reached by at
 * least {@code evidence.constant_split} of the messages, are two one-byte fields (version, type, flags); VE cannot
 * cut where nothing varies. Printable
 * constants stay together (magic strings), and so do zeros (reserved bytes, high bytes of numbers).</li>
 * <li><b>Small numbers</b>: two adjacent columns, one (nearly) always zero and the other varying and zero less often,
 * are the high and low byte of one small integer, big endian (zero first) or little endian (zero second); a count
 * that is mostly 0 is still one. The cut between them (which the entropy jump of step 1 or VE puts there) goes, and
 * the pair becomes a field of its own. Pairs start at multiples of {@code evidence.number_align} (16-bit words are
 * naturally aligned in most designs; 1 disables the constraint).</li>
 * <li><b>Zero runs</b>: at least {@code evidence.zero_run} adjacent columns, each zero in most messages, are one field
 * (padding, reserved space, an unused signature).</li>
 * <li><b>Cuts between zero bytes</b>: VE's and the columns' cuts between two zero bytes of a message (nothing changes
 * there) go at offsets that are not a multiple of {@code evidence.zero_align}, and in the middle of a 4-aligned
 * little-endian word {@code v 00 00 00}; the field edges of the steps below may put them back.</li>
 * <li><b>Strings</b>: a run of at least {@code evidence.text_min_run} printable bytes (with its NUL terminator), a run
 * of UTF-16LE characters, or a chain of length-prefixed printable labels ended by a NUL byte, is one field: cuts
 * inside go, its edges become boundaries. A run does not start in a column whose bytes are mostly not printable
 * (a block number that happens to be a letter stays in the header).</li>
 * <li><b>Opaque data</b>: a stretch where every window of {@code evidence.opaque_window} bytes has at least
 * {@code evidence.opaque_distinct} of its bytes distinct is compressed or encrypted payload: one field. Once found,
 * it grows over neighbouring windows with at least {@code evidence.opaque_keep} distinct (hysteresis: compressed data
 * has less random stretches).</li>
 * <li><b>Length fields</b> (BinaryInferno's strongest signal): a 2-, 4- or 1-byte column, either byte order, below
 * {@code evidence.length_max_offset}, whose value is the message length minus one constant in at least
 * {@code evidence.length_share} of the messages (with {@code evidence.length_min_values} different lengths) is one
 * field. A message holding several length-prefixed units in a row agrees when the chain ends exactly at its end;
 * each further unit starts a field and gets the column boundaries shifted to its start.</li>
 * <li><b>Two lengths that add up</b> ({@code evidence.length_sum}): two varying 16-bit columns, one byte order, below
 * {@code evidence.length_max_offset}, whose values add up to the message length minus one constant (in
 * {@code evidence.length_share} of the messages, over {@code evidence.length_min_values} lengths) are two fields
 * (a header whose parameter and data lengths together make up the rest).</li>
 * <li><b>Repeated headers</b>: an anchor of {@code evidence.repeat_anchor} bytes starting below
 * {@code evidence.repeat_from} that reappears later in the message starts a copy of the opening stretch; the copy
 * extends while {@code evidence.repeat_match} of a 16-byte window equals the first copy, starts a field and gets the
 * first copy's cuts (compound requests: one header per command).</li>
 * <li><b>Repeated records</b>: inside one message, the longest stretch of at least {@code evidence.record_min_count}
 * records of one size ({@code evidence.record_min_size} to {@code evidence.record_max_size} bytes) where in every
 * record-sized window at least {@code evidence.record_match} of the non-zero bytes (outside strings and opaque data)
 * equal the byte one record later (an array of objects with the same layout). Records that run to the end of the
 * message are aligned to it. Each record starts a field, and the first record's cuts (where the columns of messages
 * aligned at byte 0 apply) replace VE's cuts inside the others.</li>
 * <li><b>Tag-length-value chains</b>: from one offset (the one where most messages parse) to the end of the message,
 * elements of a 1-byte tag, a BER length (short form, or 0x81/0x82 long form) and the value, at least
 * {@code evidence.tlv_min_elements} of them, an optional end byte and zero padding allowed after the chain. A value
 * whose tag has the BER constructed bit and that parses completely is parsed as nested elements. When a message has
 * nested elements the chain describes it completely and replaces the other cuts after the chain's start; a flat
 * chain only adds its element boundaries. Used only when at least {@code evidence.tlv_min_share} of the messages
 * parse at that offset, and a chain cutting through a string is not a chain. In a flat chain (no nested element)
 * the tag and the length are one-byte fields of their own ({@code evidence.tlv_flat_split}: options).</li>
 * </ol>
 * Measured on real captures in docs/benchmarks.md ("Field boundaries on real captures").
 */
public final class StructureEvidence implements SegmentationFilter {
    private final double columnDelta;
    private final int columnMinMessages;
    private final double numberZeroShare;
    private final int numberAlign;
    private final int textMinRun;
    private final int opaqueWindow;
    private final double opaqueDistinct;
    private final int tlvMinElements;
    private final double tlvMinShare;
    private final double constantSplit;
    private final double opaqueKeep;
    private final int zeroRun;
    private final int lengthMaxOffset;
    private final double lengthShare;
    private final int lengthMinValues;
    private final double recordMatch;
    private final int recordMinCount;
    private final int recordMinSize;
    private final int recordMaxSize;
    private final int zeroAlign;
    private final boolean lengthSum;
    private final int repeatAnchor;
    private final int repeatFrom;
    private final double repeatMatch;
    private final boolean tlvFlatSplit;

    /** Length-prefixed labels are at most this long (a length byte above it is not a label length). */
    static final int MAX_LABEL = 63;
    /** An opaque stretch starts at a column with at least this share of distinct values (random bytes: most). */
    static final double OPAQUE_COLUMN_DISTINCT = 0.5;
    /** A column is a text column when at least this share of the messages reaching it have a printable byte there. */
    static final double TEXT_COLUMN_SHARE = 0.5;

    public StructureEvidence(Parameters p) {
        this.columnDelta = p.evidenceColumnDelta();
        this.columnMinMessages = p.evidenceColumnMinMessages();
        this.numberZeroShare = p.evidenceNumberZeroShare();
        this.numberAlign = Math.max(1, p.evidenceNumberAlign());
        this.textMinRun = p.evidenceTextMinRun();
        this.opaqueWindow = p.evidenceOpaqueWindow();
        this.opaqueDistinct = p.evidenceOpaqueDistinct();
        this.tlvMinElements = p.evidenceTlvMinElements();
        this.tlvMinShare = p.evidenceTlvMinShare();
        this.constantSplit = p.evidenceConstantSplit();
        this.opaqueKeep = p.evidenceOpaqueKeep();
        this.zeroRun = p.evidenceZeroRun();
        this.lengthMaxOffset = p.evidenceLengthMaxOffset();
        this.lengthShare = p.evidenceLengthShare();
        this.lengthMinValues = p.evidenceLengthMinValues();
        this.recordMatch = p.evidenceRecordMatch();
        this.recordMinCount = p.evidenceRecordMinCount();
        this.recordMinSize = p.evidenceRecordMinSize();
        this.recordMaxSize = p.evidenceRecordMaxSize();
        this.zeroAlign = p.evidenceZeroAlign();
        this.lengthSum = p.evidenceLengthSum();
        this.repeatAnchor = p.evidenceRepeatAnchor();
        this.repeatFrom = p.evidenceRepeatFrom();
        this.repeatMatch = p.evidenceRepeatMatch();
        this.tlvFlatSplit = p.evidenceTlvFlatSplit();
    }

    /** {@code segs[i]} (VE's segmentation of {@code corpus[i]}) joined with the evidence; one result per message. */
    @Override
    public List<Segmentation> apply(List<byte[]> corpus, List<Segmentation> segs) {
        int n = corpus.size();
        int[] cols = new ColumnBoundaries(columnDelta, columnMinMessages).boundaries(corpus);
        Columns columns = new Columns(corpus);
        IntArrayList pairs = numberPairs(columns);
        IntArrayList constantCuts = constantCuts(columns);
        List<int[]> zeroRuns = zeroRuns(columns);
        List<LengthField> lengths = lengthFields(corpus, columns);
        LengthSum sum = lengthSum && lengthMaxOffset > 0 ? lengthSum(corpus, columns) : null;
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
            for (int c : constantCuts) {
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
            for (int[] z : zeroRuns) {
                if (z[0] < len) {
                    int e = Math.min(z[1], len);
                    b.subSet(z[0] + 1, e).clear();
                    if (z[0] > 0) {
                        b.add(z[0]);
                    }
                    if (e < len) {
                        b.add(e);
                    }
                }
            }
            dropZeroCuts(m, b);
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
            applyLengths(m, len, b, lengths, cols);
            applyLengthSum(m, len, b, sum);
            applyRecords(m, len, b, regions);
            applyRepeats(m, len, b, regions);
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

    // ---- corpus-level evidence on columns: constants, zero runs

    /**
     * Offsets c where columns c-1 and c are both constant, non-zero and not printable: two one-byte fields. Only
     * columns reached by at least {@code evidence.constant_split} of the messages count (deep in long messages a
     * column is constant by chance, for the few messages of one flow).
     */
    IntArrayList constantCuts(Columns c) {
        IntArrayList out = new IntArrayList();
        if (constantSplit <= 0) {
            return out;
        }
        for (int i = 1; i < c.reach.length && c.reach[i] >= columnMinMessages; i++) {
            if (c.reach[i] < constantSplit * c.reach[0]) {
                break;
            }
            if (c.distinct[i] == 1 && c.distinct[i - 1] == 1 && c.constant[i] != 0 && c.constant[i - 1] != 0
                    && !graphicOrSpace(c.constant[i]) && !graphicOrSpace(c.constant[i - 1])) {
                out.add(i);
            }
        }
        return out;
    }

    /** Runs [start, end) of at least {@code evidence.zero_run} columns, each zero in most messages. */
    List<int[]> zeroRuns(Columns c) {
        List<int[]> out = new ArrayList<>();
        if (zeroRun <= 0) {
            return out;
        }
        int i = 0;
        while (i < c.reach.length && c.reach[i] >= columnMinMessages) {
            if (c.zero[i] < numberZeroShare) {
                i++;
                continue;
            }
            int e = i;
            while (e < c.reach.length && c.reach[e] >= columnMinMessages && c.zero[e] >= numberZeroShare) {
                e++;
            }
            if (e - i >= zeroRun) {
                out.add(new int[] {i, e});
            }
            i = e;
        }
        return out;
    }

    // ---- repeated records

    /**
     * The longest stretch of whole records of one size repeated inside a message, as {start, size, count, 1 if the
     * records end the message (they are then aligned to its end) else 0}, or null:
     * for each size from {@code evidence.record_min_size} to {@code evidence.record_max_size}, positions whose
     * byte equals the byte one record later (zeros and bytes of strings or opaque stretches do not count) mark
     * repetition; the records are the longest run of windows of one record each with at least
     * {@code evidence.record_match} of such positions, at least {@code evidence.record_min_count} records long.
     */
    int[] records(byte[] m, boolean[] excluded) {
        int[] best = null;
        for (int k = recordMinSize; k <= recordMaxSize && k * recordMinCount <= m.length; k++) {
            int need = (int) Math.ceil(recordMatch * k);
            int[] prefix = new int[m.length - k + 1];
            for (int p = 0; p + k < m.length; p++) {
                boolean same = m[p] == m[p + k] && m[p] != 0 && !excluded[p] && !excluded[p + k];
                prefix[p + 1] = prefix[p] + (same ? 1 : 0);
            }
            int windows = m.length - 2 * k + 1; // window p compares [p, p + k) with the record after it
            int runStart = -1;
            for (int p = 0; p <= windows; p++) {
                boolean ok = p < windows && prefix[p + k] - prefix[p] >= need;
                if (ok && runStart < 0) {
                    runStart = p;
                } else if (!ok && runStart >= 0) {
                    int end = p - 1 + 2 * k;
                    int count = (end - runStart) / k;
                    if (count >= recordMinCount && (best == null || count * k > best[1] * best[2])) {
                        // records that run to the end of the message are aligned to it (the phase is then known)
                        best = end == m.length ? new int[] {end - count * k, k, count, 1}
                                : new int[] {runStart, k, count, 0};
                    }
                    runStart = -1;
                }
            }
        }
        return best;
    }

    /** The first record's cuts, and a cut at each record's start, replace the cuts inside the other records. */
    private void applyRecords(byte[] m, int len, IntRBTreeSet b, List<int[]> regions) {
        if (recordMatch <= 0) {
            return;
        }
        boolean[] excluded = new boolean[m.length];
        for (int[] r : regions) {
            java.util.Arrays.fill(excluded, r[0], Math.min(r[1], m.length), true);
        }
        int[] rec = records(m, excluded);
        if (rec == null) {
            return;
        }
        int s = rec[0];
        int k = rec[1];
        int[] template = b.subSet(s + 1, s + k).toIntArray();
        for (int j = 0; j < rec[2]; j++) {
            int start = s + j * k;
            if (j > 0) {
                b.subSet(start + 1, start + k).clear();
                for (int x : template) {
                    b.add(x + j * k);
                }
            }
            if (start > 0) {
                b.add(start);
            }
        }
        b.tailSet(len).clear();
    }

    // ---- cuts between zero bytes

    /**
     * VE's and the columns' cuts between two zero bytes, where nothing in the message changes, are dropped at offsets
     * that are not a multiple of {@code evidence.zero_align} (inside an aligned word), and, for an alignment of 2, in
     * the middle of a 4-aligned little-endian word {@code v 00 00 00} (a small 32-bit number). Runs before the
     * string, opaque, length, record, repeat and TLV evidence, whose field edges may put such cuts back.
     */
    void dropZeroCuts(byte[] m, IntRBTreeSet b) {
        if (zeroAlign <= 0) {
            return;
        }
        IntArrayList drop = new IntArrayList();
        for (int c : b) {
            if (c > 0 && c < m.length && m[c - 1] == 0 && m[c] == 0 && (c % zeroAlign != 0
                    || zeroAlign == 2 && c % 4 == 2 && m[c - 2] != 0 && c + 1 < m.length && m[c + 1] == 0)) {
                drop.add(c);
            }
        }
        for (int k = 0; k < drop.size(); k++) {
            b.remove(drop.getInt(k));
        }
    }

    // ---- repeated headers

    /** Bytes of the window in which a repeat must keep matching its first copy. */
    static final int REPEAT_WINDOW = 16;

    /**
     * Repeats of the message's opening stretch later in the message, each {start of the first copy, start of the
     * repeat, span}: the first anchor of {@code evidence.repeat_anchor} bytes starting below
     * {@code evidence.repeat_from} (at least half of its bytes non-zero and distinct, none in a string or opaque
     * stretch) that reappears exactly; each copy extends while at least {@code evidence.repeat_match} of the last
     * {@value #REPEAT_WINDOW} bytes equal the first copy's, up to the next copy (or the end) and no further than the
     * first copy may reach, and ends on an equal byte (a header repeated in one message: compound requests).
     */
    List<int[]> repeats(byte[] m, boolean[] excluded) {
        List<int[]> out = new ArrayList<>();
        int w = repeatAnchor;
        if (w <= 0) {
            return out;
        }
        int need = (int) Math.ceil(repeatMatch * REPEAT_WINDOW);
        for (int s = 0; s < repeatFrom && s + w <= m.length; s++) {
            BitSet distinct = new BitSet(256);
            int nonZero = 0;
            boolean inRegion = false;
            for (int k = s; k < s + w; k++) {
                distinct.set(m[k] & 0xff);
                nonZero += m[k] != 0 ? 1 : 0;
                inRegion |= excluded[k];
            }
            if (inRegion || distinct.cardinality() < w / 2 || nonZero < w / 2) {
                continue;
            }
            IntArrayList at = new IntArrayList();
            for (int q = s + w; q + w <= m.length; q++) {
                if (!excluded[q] && java.util.Arrays.equals(m, s, s + w, m, q, q + w)) {
                    at.add(q);
                    q += w - 1;
                }
            }
            if (at.isEmpty()) {
                continue;
            }
            for (int j = 0; j < at.size(); j++) {
                int q = at.getInt(j);
                int limit = Math.min((j + 1 < at.size() ? at.getInt(j + 1) : m.length) - q, q - s);
                int h = w;
                while (h < limit) {
                    int from = Math.max(0, h + 1 - REPEAT_WINDOW);
                    int eq = 0;
                    for (int k = from; k <= h; k++) {
                        eq += m[s + k] == m[q + k] ? 1 : 0;
                    }
                    if (h + 1 - from >= REPEAT_WINDOW && eq < need) {
                        break;
                    }
                    h++;
                }
                while (h > w && m[s + h - 1] != m[q + h - 1]) {
                    h--;
                }
                out.add(new int[] {s, q, h});
            }
            return out;
        }
        return out;
    }

    /** Each repeat starts a field and gets the first copy's cuts, which replace the cuts inside it. */
    private void applyRepeats(byte[] m, int len, IntRBTreeSet b, List<int[]> regions) {
        if (repeatAnchor <= 0) {
            return;
        }
        boolean[] excluded = new boolean[m.length];
        for (int[] r : regions) {
            java.util.Arrays.fill(excluded, r[0], Math.min(r[1], m.length), true);
        }
        for (int[] r : repeats(m, excluded)) {
            int s = r[0];
            int q = r[1];
            int h = r[2];
            int[] template = b.subSet(s + 1, s + h).toIntArray();
            b.subSet(q + 1, q + h).clear();
            for (int x : template) {
                b.add(x - s + q);
            }
            b.add(q);
        }
        b.tailSet(len).clear();
    }

    // ---- two lengths that add up

    /** Two 16-bit lengths at {@code first} and {@code second} whose values add up to the message length minus constant. */
    record LengthSum(int first, int second, boolean bigEndian, int constant) {
        boolean holds(byte[] m) {
            return m.length >= second + 2
                    && m.length - value(m, first, 2, bigEndian) - value(m, second, 2, bigEndian) == constant;
        }
    }

    /**
     * The pair of 16-bit columns (both below {@code evidence.length_max_offset}, one byte order, not overlapping)
     * whose values add up to the message length minus one constant in the largest share of the messages, at least
     * {@code evidence.length_share}, over {@code evidence.length_min_values} lengths; each column must take at least
     * two values among those messages (a constant column plus a length is a single length field); or null.
     */
    LengthSum lengthSum(List<byte[]> corpus, Columns columns) {
        LengthSum best = null;
        double bestShare = 0;
        int maxO = Math.min(lengthMaxOffset, columns.reach.length - 1);
        for (int a = 0; a + 2 < maxO; a++) {
            for (int bo = a + 2; bo < maxO && bo + 1 < columns.reach.length; bo++) {
                if (columns.reach[bo + 1] < columnMinMessages) {
                    continue;
                }
                for (boolean big : new boolean[] {true, false}) {
                    Map<Long, Integer> diffs = new HashMap<>();
                    int reach = 0;
                    for (byte[] m : corpus) {
                        if (m.length >= bo + 2) {
                            reach++;
                            diffs.merge(m.length - value(m, a, 2, big) - value(m, bo, 2, big), 1, Integer::sum);
                        }
                    }
                    long d = -1;
                    int dc = 0;
                    for (Map.Entry<Long, Integer> e : diffs.entrySet()) {
                        if (e.getKey() >= 0 && e.getKey() <= Integer.MAX_VALUE
                                && (e.getValue() > dc || e.getValue() == dc && e.getKey() < d)) {
                            d = e.getKey();
                            dc = e.getValue();
                        }
                    }
                    if (d < 0 || dc < lengthShare * reach || (double) dc / reach <= bestShare) {
                        continue;
                    }
                    LengthSum f = new LengthSum(a, bo, big, (int) d);
                    Set<Long> va = new HashSet<>();
                    Set<Long> vb = new HashSet<>();
                    Set<Integer> lens = new HashSet<>();
                    for (byte[] m : corpus) {
                        if (f.holds(m)) {
                            va.add(value(m, a, 2, big));
                            vb.add(value(m, bo, 2, big));
                            lens.add(m.length);
                        }
                    }
                    if (va.size() >= 2 && vb.size() >= 2 && lens.size() >= lengthMinValues) {
                        best = f;
                        bestShare = (double) dc / reach;
                    }
                }
            }
        }
        return best;
    }

    /** In a message where the sum holds, each of the two lengths is one field. */
    private static void applyLengthSum(byte[] m, int len, IntRBTreeSet b, LengthSum sum) {
        if (sum == null || !sum.holds(m)) {
            return;
        }
        for (int o : new int[] {sum.first(), sum.second()}) {
            b.remove(o + 1);
            if (o > 0) {
                b.add(o);
            }
            if (o + 2 < len) {
                b.add(o + 2);
            }
        }
    }

    // ---- length fields

    /**
     * A length field: {@code width} bytes at {@code offset} in the given byte order whose value is the message
     * length minus {@code constant} (the header before the counted bytes).
     */
    record LengthField(int offset, int width, boolean bigEndian, int constant) {}

    static long value(byte[] m, int o, int w, boolean big) {
        long v = 0;
        for (int k = 0; k < w; k++) {
            v = v << 8 | (m[big ? o + k : o + w - 1 - k] & 0xff);
        }
        return v;
    }

    /** Widths tried, in order of preference for one low-order byte: 16 bits, 32 bits, 8 bits. */
    private static final int[] LENGTH_WIDTHS = {2, 4, 1};

    /**
     * Length fields over the corpus, ascending by offset: for each offset below {@code evidence.length_max_offset},
     * width (2, 4, 1 bytes) and byte order, the most common difference between the message length and the field's
     * value; a field when at least {@code evidence.length_share} of the messages reaching it agree (a message holding
     * several length-prefixed units in a row agrees when the chain ends exactly at its end) with at least
     * {@code evidence.length_min_values} different message lengths. Spans sharing their low-order byte are one
     * candidate (a 16-bit length whose high byte is 0 is also a 32-bit one): the preferred width wins; overlapping
     * candidates go by agreement.
     */
    List<LengthField> lengthFields(List<byte[]> corpus, Columns columns) {
        TreeMap<Integer, LengthField> byLow = new TreeMap<>();
        TreeMap<Integer, Double> agreement = new TreeMap<>();
        for (int o = 0; o < lengthMaxOffset && o < columns.reach.length; o++) {
            for (int w : LENGTH_WIDTHS) {
                for (boolean big : w == 1 ? new boolean[] {true} : new boolean[] {true, false}) {
                    if (o + w > columns.reach.length || columns.reach[o + w - 1] < columnMinMessages) {
                        continue;
                    }
                    int key = 2 * (big ? o + w - 1 : o) + (big ? 1 : 0);
                    LengthField had = byLow.get(key);
                    if (had != null && preference(had.width()) <= preference(w)) {
                        continue;
                    }
                    Map<Long, Integer> diffs = new HashMap<>();
                    int reach = 0;
                    for (byte[] m : corpus) {
                        if (m.length >= o + w) {
                            reach++;
                            diffs.merge(m.length - value(m, o, w, big), 1, Integer::sum);
                        }
                    }
                    long best = -1;
                    int bestCount = 0;
                    for (Map.Entry<Long, Integer> e : diffs.entrySet()) {
                        if (e.getKey() >= 0 && e.getKey() <= Integer.MAX_VALUE && (e.getValue() > bestCount
                                || e.getValue() == bestCount && e.getKey() < best)) {
                            best = e.getKey();
                            bestCount = e.getValue();
                        }
                    }
                    if (best < 0) {
                        continue;
                    }
                    LengthField f = new LengthField(o, w, big, (int) best);
                    int agree = 0;
                    Set<Integer> lens = new HashSet<>();
                    for (byte[] m : corpus) {
                        if (m.length >= o + w) {
                            int units = units(m, f);
                            if (units > 0) {
                                agree++;
                            }
                            if (units == 1) {
                                lens.add(m.length);
                            }
                        }
                    }
                    if (agree >= lengthShare * reach && lens.size() >= lengthMinValues) {
                        byLow.put(key, f);
                        agreement.put(key, (double) agree / reach);
                    }
                }
            }
        }
        List<Integer> keys = new ArrayList<>(byLow.keySet());
        keys.sort((x, y) -> {
            int c = Double.compare(agreement.get(y), agreement.get(x));
            return c != 0 ? c : Integer.compare(x, y);
        });
        List<LengthField> out = new ArrayList<>();
        BitSet taken = new BitSet();
        for (int k : keys) {
            LengthField f = byLow.get(k);
            if (taken.get(f.offset(), f.offset() + f.width()).isEmpty()) {
                taken.set(f.offset(), f.offset() + f.width());
                out.add(f);
            }
        }
        out.sort((x, y) -> Integer.compare(x.offset(), y.offset()));
        return out;
    }

    private static int preference(int width) {
        for (int k = 0; k < LENGTH_WIDTHS.length; k++) {
            if (LENGTH_WIDTHS[k] == width) {
                return k;
            }
        }
        return LENGTH_WIDTHS.length;
    }

    /** Units of a chain of length-prefixed units (f at the same place in each) that ends exactly at the end, or 0. */
    static int units(byte[] m, LengthField f) {
        int start = 0;
        int units = 0;
        while (start + f.offset() + f.width() <= m.length) {
            long end = start + value(m, start + f.offset(), f.width(), f.bigEndian()) + f.constant();
            if (end > m.length || end < start + f.offset() + f.width()) {
                return 0;
            }
            units++;
            if (end == m.length) {
                return units;
            }
            start = (int) end;
        }
        return 0;
    }

    /**
     * Each length field whose chain describes this message is one field; every further unit of the chain starts a
     * field and gets the corpus' column boundaries (learnt on messages aligned at the first unit) shifted to its start.
     */
    private static void applyLengths(byte[] m, int len, IntRBTreeSet b, List<LengthField> lengths, int[] cols) {
        for (LengthField f : lengths) {
            if (units(m, f) == 0) {
                continue;
            }
            int start = 0;
            while (start < m.length) {
                int end = (int) (start + value(m, start + f.offset(), f.width(), f.bigEndian()) + f.constant());
                if (start > 0) {
                    b.add(start);
                    for (int x : cols) {
                        if (x < end - start) {
                            b.add(start + x);
                        }
                    }
                }
                int o = start + f.offset();
                b.subSet(o + 1, o + f.width()).clear();
                if (o > 0) {
                    b.add(o);
                }
                b.add(o + f.width());
                start = end;
            }
        }
        b.tailSet(len).clear();
    }

    // ---- step 2: small numbers

    /** Per-column statistics over the messages aligned at byte 0. */
    static final class Columns {
        final int[] reach;
        final double[] zero;
        final int[] distinct;
        final double[] printable;
        /** The byte of a column with one value ({@code distinct == 1}), else -1. */
        final int[] constant;

        Columns(List<byte[]> corpus) {
            int maxLen = 0;
            for (byte[] m : corpus) {
                maxLen = Math.max(maxLen, m.length);
            }
            reach = new int[maxLen];
            zero = new double[maxLen];
            distinct = new int[maxLen];
            printable = new double[maxLen];
            constant = new int[maxLen];
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
                constant[i] = distinct[i] == 1 ? seen.nextSetBit(0) : -1;
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
            // the low byte varies and is zero less often than the high byte (a count that is often 0 is still one)
            boolean vi = distinct[i] >= 2 && zero[i] < zero[i + 1];
            boolean vj = distinct[i + 1] >= 2 && zero[i + 1] < zero[i];
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
            int keepNeed = (int) Math.ceil(opaqueWindow * Math.min(opaqueDistinct, opaqueKeep));
            boolean[] weak = new boolean[n];
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
                if (k >= opaqueWindow - 1 && distinct >= keepNeed) {
                    for (int j = k - opaqueWindow + 1; j <= k; j++) {
                        weak[j] = true;
                    }
                }
            }
            for (int x = 0; x < n; ) {
                if (!weak[x]) {
                    x++;
                    continue;
                }
                int y = x;
                boolean any = false;
                while (y < n && weak[y]) {
                    any |= opaque[y];
                    y++;
                }
                if (any) {
                    java.util.Arrays.fill(opaque, x, y, true);
                }
                x = y;
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
                if (valid(parse(m, s, false), strings.get(i))) {
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
            Chain c = parse(m, best, false);
            if (!valid(c, strings.get(i))) {
                continue;
            }
            if (tlvFlatSplit && !c.nested()) {
                // a flat chain (options): the tag and the length are one-byte fields of their own
                c = parse(m, best, true);
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

    /** The chain from {@code s}; with {@code split}, each element's tag is a field apart from its length. */
    private static Chain parse(byte[] m, int s, boolean split) {
        int[] count = new int[2];
        IntSortedSet b = chain(m, s, m.length, true, count, split);
        return b == null ? null : new Chain(b, count[0], count[1] > 0);
    }

    /** Elements from s to exactly e (the top level may end in one end byte and zero padding); null if none. */
    private static IntSortedSet chain(byte[] m, int s, int e, boolean top, int[] count, boolean split) {
        IntSortedSet out = new IntRBTreeSet();
        int pos = s;
        while (pos < e) {
            if (top && pos > s && paddingFrom(m, pos + 1, e) && chain(m, pos, e, false, new int[2], false) == null) {
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
            if (split) {
                out.add(pos + 1);
            }
            IntSortedSet kids = (tag & 0x20) != 0 && len >= 2 ? chain(m, pos + hdr, end, false, count, split) : null;
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
