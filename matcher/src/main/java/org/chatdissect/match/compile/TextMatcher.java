package org.chatdissect.match.compile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.inspect.TextLine;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;
import org.chatdissect.store.match.TextSignatures;

/**
 * The text signatures of a set (format version 2), compiled so that deciding a TCP payload allocates nothing:
 * the payload's line is found once (printable ASCII before CR LF, within the largest scope), then only the
 * keywords starting with the line's first byte are compared, byte by byte. Semantics are those of
 * {@link TextSignatures} (checked by a differential test): a line matches a keyword when it equals it or
 * continues it with a space; it must end, CR LF included, within the keyword's signature's scope. Keywords keep
 * file order (signatures, then keywords), so {@link #first} gives the first matching signature and its first
 * matching keyword, as the reference's tie rule says.
 */
public final class TextMatcher {
    private final Signature[] signatures;
    private final int[] sigApp;
    private final int[] sigScope;
    private final int maxScope;
    /** Per keyword, in file order. */
    private final int[] kwSig;
    private final byte[][] kwBytes;
    private final String[] kwValue;
    private final String[] kwTask;
    /** Keyword indices by their first byte, ascending (file order). */
    private final int[][] byFirstByte = new int[256][];

    TextMatcher(List<CompiledSignatures.AppSignature> sigs) {
        int n = sigs.size();
        signatures = new Signature[n];
        sigApp = new int[n];
        sigScope = new int[n];
        int max = 0;
        List<Integer> ks = new ArrayList<>();
        List<Keyword> kws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Signature s = sigs.get(i).signature();
            if (s.form() != SignatureForm.TEXT) {
                throw new IllegalArgumentException(s.id() + " is not a text signature");
            }
            signatures[i] = s;
            sigApp[i] = sigs.get(i).app();
            sigScope[i] = s.scope();
            max = Math.max(max, s.scope());
            for (Keyword k : s.keywords()) {
                if (k.field() == KeywordField.TEXT_LINE) {
                    ks.add(i);
                    kws.add(k);
                }
            }
        }
        maxScope = max;
        int m = kws.size();
        kwSig = new int[m];
        kwBytes = new byte[m][];
        kwValue = new String[m];
        kwTask = new String[m];
        List<List<Integer>> buckets = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            buckets.add(new ArrayList<>());
        }
        for (int k = 0; k < m; k++) {
            kwSig[k] = ks.get(k);
            kwValue[k] = kws.get(k).value();
            kwBytes[k] = kwValue[k].getBytes(StandardCharsets.ISO_8859_1);
            kwTask[k] = kws.get(k).task();
            buckets.get(kwBytes[k][0] & 0xff).add(k);
        }
        for (int b = 0; b < 256; b++) {
            byFirstByte[b] = buckets.get(b).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Number of text signatures. */
    public int size() {
        return signatures.length;
    }

    /** The first keyword (file order) whose signature matches the payload, or -1. */
    public int first(byte[] p, int off, int len) {
        if (signatures.length == 0 || len < 3) {
            return -1;
        }
        int line = TextLine.length(p, off, len, maxScope);
        if (line <= 0) {
            return -1;
        }
        for (int k : byFirstByte[p[off] & 0xff]) {
            if (line + 2 <= sigScope[kwSig[k]] && matches(k, p, off, line)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The task of a payload that matched keyword {@code kw} ({@link #first}): that of the longest keyword of the same
     * signature with a task that the line matches, or null.
     */
    public String task(int kw, byte[] p, int off, int len) {
        int best = longest(kw, p, off, len, true);
        return best < 0 ? null : kwTask[best];
    }

    /** The longest keyword of {@code kw}'s signature that the payload's line matches (kw itself at least). */
    public int longest(int kw, byte[] p, int off, int len) {
        return longest(kw, p, off, len, false);
    }

    private int longest(int kw, byte[] p, int off, int len, boolean withTask) {
        int line = TextLine.length(p, off, len, maxScope);
        int best = -1;
        if (line <= 0) {
            return best;
        }
        for (int k : byFirstByte[p[off] & 0xff]) {
            if (kwSig[k] == kwSig[kw] && (!withTask || kwTask[k] != null) && matches(k, p, off, line)
                    && (best < 0 || kwBytes[k].length > kwBytes[best].length)) {
                best = k;
            }
        }
        return best;
    }

    /** Line equal to the keyword, or the keyword followed by a space. */
    private boolean matches(int k, byte[] p, int off, int line) {
        byte[] v = kwBytes[k];
        if (line < v.length || line > v.length && p[off + v.length] != ' ') {
            return false;
        }
        for (int i = 1; i < v.length; i++) {
            if (p[off + i] != v[i]) {
                return false;
            }
        }
        return p[off] == v[0];
    }

    public int app(int kw) {
        return sigApp[kwSig[kw]];
    }

    public Signature signature(int kw) {
        return signatures[kwSig[kw]];
    }

    /** The keyword's value, e.g. {@code create room}. */
    public String keyword(int kw) {
        return kwValue[kw];
    }

    /** The keyword's own task, or null. */
    public String keywordTask(int kw) {
        return kwTask[kw];
    }
}
