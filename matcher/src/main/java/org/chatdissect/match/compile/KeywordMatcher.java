package org.chatdissect.match.compile;

import java.util.List;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;
import org.chatdissect.store.match.KeywordSignatures;

/**
 * The keyword signatures (DNS, HTTP, TLS), compiled per field: {@link KeywordSignatures} semantics. Keyword
 * matching runs once per flow (DNS, TLS) or per request (HTTP), on strings the inspectors already parsed, so it
 * compares {@link String}s: host names are normalised once per value (lower case, trailing dot removed) and the
 * keywords are stored in the compared form.
 */
public final class KeywordMatcher {
    private final Signature[] signatures;
    private final int[] app;
    /** Per signature and field (ordinal of {@link KeywordField}): the values identifying the app. */
    private final String[][][] identifying;
    /** Per signature: task keywords per field (URL, HOST, METHOD), values and tasks. */
    private final String[][][] taskValues;
    private final String[][][] taskNames;
    private static final KeywordField[] TASK_FIELDS = {KeywordField.HTTP_URL, KeywordField.HTTP_HOST,
            KeywordField.HTTP_METHOD};

    KeywordMatcher(List<Signature> sigs, List<Integer> appIndex) {
        int n = sigs.size();
        signatures = sigs.toArray(new Signature[0]);
        app = new int[n];
        identifying = new String[n][][];
        taskValues = new String[n][][];
        taskNames = new String[n][][];
        int nf = KeywordField.values().length;
        for (int i = 0; i < n; i++) {
            app[i] = appIndex.get(i);
            Signature s = signatures[i];
            identifying[i] = new String[nf][];
            for (KeywordField f : KeywordField.values()) {
                identifying[i][f.ordinal()] = s.keywords().stream()
                        .filter(k -> k.field() == f && f.identifiesApp()).map(Keyword::value).toArray(String[]::new);
            }
            taskValues[i] = new String[TASK_FIELDS.length][];
            taskNames[i] = new String[TASK_FIELDS.length][];
            for (int t = 0; t < TASK_FIELDS.length; t++) {
                KeywordField f = TASK_FIELDS[t];
                List<Keyword> ks = s.keywords().stream().filter(k -> k.field() == f && k.task() != null).toList();
                taskValues[i][t] = ks.stream().map(Keyword::value).toArray(String[]::new);
                taskNames[i][t] = ks.stream().map(Keyword::task).toArray(String[]::new);
            }
        }
    }

    public int size() {
        return signatures.length;
    }

    public Signature signature(int local) {
        return signatures[local];
    }

    public int app(int local) {
        return app[local];
    }

    /** Host-name normalisation of the reference ({@link KeywordSignatures#normalize}). */
    public static String host(String v) {
        return KeywordSignatures.normalize(KeywordField.HTTP_HOST, v);
    }

    /**
     * The first signature (file order) of {@code flowType} matching a flow's attributes, or -1. Host names
     * ({@code qname}, {@code host}, {@code sni}) must already be normalised with {@link #host}; null never matches.
     */
    public int first(FlowType flowType, String qname, String host, String userAgent, String referer, String sni) {
        for (int i = 0; i < signatures.length; i++) {
            if (signatures[i].flowType() == flowType && matches(i, qname, host, userAgent, referer, sni)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matches(int i, String qname, String host, String userAgent, String referer, String sni) {
        String[][] f = identifying[i];
        return anyIn(f[KeywordField.DNS_QNAME.ordinal()], qname) || anyIn(f[KeywordField.HTTP_HOST.ordinal()], host)
                || anyIn(f[KeywordField.HTTP_USER_AGENT.ordinal()], userAgent)
                || anyIn(f[KeywordField.HTTP_REFERER.ordinal()], referer)
                || anyIn(f[KeywordField.TLS_SNI.ordinal()], sni);
    }

    /**
     * The task an HTTP request names under signature {@code local} ({@link KeywordSignatures#task} without the
     * match test): the longest URL keyword with a task, then the longest Host keyword, then the method; or null.
     *
     * @param host normalised with {@link #host}
     */
    public String task(int local, String url, String host, String method) {
        String[] values = {url, host, method};
        for (int t = 0; t < TASK_FIELDS.length; t++) {
            String v = values[t];
            if (v == null) {
                continue;
            }
            String[] kv = taskValues[local][t];
            int best = -1;
            for (int k = 0; k < kv.length; k++) {
                boolean hit = t == 2 ? kv[k].equals(v) : v.contains(kv[k]);
                if (hit && (best < 0 || kv[k].length() > kv[best].length())) {
                    best = k;
                }
            }
            if (best >= 0) {
                return taskNames[local][t][best];
            }
        }
        return null;
    }

    private static boolean anyIn(String[] keywords, String value) {
        if (value == null) {
            return false;
        }
        for (String k : keywords) {
            if (value.contains(k)) {
                return true;
            }
        }
        return false;
    }
}
