package org.chatdissect.core.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.chatdissect.core.params.Parameters;
import org.junit.jupiter.api.Test;

class LcsKeywordExtractorTest {
    final LcsKeywordExtractor ex = new LcsKeywordExtractor(LcsKeywordExtractor.Config.of(Parameters.defaults()));

    @Test
    void hostnames() {
        List<String> hosts = new ArrayList<>();
        for (String p : new String[] {"hk", "sh", "sz", "bj", "gz", "tj", "cd", "wh", "xa", "nj", "hz", "cq"}) {
            hosts.add(p + "short.weixin.qq.com");
        }
        List<KeywordCandidate> k = ex.extract(hosts);
        assertEquals("short.weixin.qq.com", k.get(0).value());
        assertEquals(1.0, k.get(0).coverage());
    }

    @Test
    void urlsAndUserAgents() {
        List<String> urls = new ArrayList<>();
        for (String s : new String[] {"newsendmsg", "uploadmsgimg", "newsync", "getprofile", "sendappmsg",
                "uploadvoice", "batchgetcontact", "manualauth", "newinit", "sendemoji", "searchcontact"}) {
            urls.add("/cgi-bin/micromsg-bin/" + s);
        }
        assertEquals("/cgi-bin/micromsg-bin/", ex.extract(urls).get(0).value());
        List<String> ua = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ua.add("Mozilla/5.0 (Linux; Android 4." + i + ") MicroMessenger/5.0." + (i * 7) + " NetType/WIFI");
            ua.add("MicroMessenger Client " + i);
        }
        assertTrue(ex.extract(ua).stream().anyMatch(k -> k.value().equals("MicroMessenger")
                || k.value().equals(" MicroMessenger/5.0.")), ex.extract(ua).toString());
        assertTrue(ex.extract(ua).stream().anyMatch(k -> k.value().contains("MicroMessenger") && k.coverage() == 1.0));
    }

    @Test
    void fewValuedFieldKeepsValues() {
        List<KeywordCandidate> k = ex.extract(List.of("GET", "POST", "GET", "GET"));
        assertEquals(List.of(new KeywordCandidate("GET", 0.75), new KeywordCandidate("POST", 0.25)), k);
    }

    /** Brute force: the longest common substrings of every pair. */
    static Set<String> pairwiseLcs(List<String> v) {
        Set<String> out = new HashSet<>();
        for (int a = 0; a < v.size(); a++) {
            for (int b = a + 1; b < v.size(); b++) {
                String x = v.get(a), y = v.get(b);
                int best = 0;
                Set<String> bestSet = new HashSet<>();
                for (int i = 0; i < x.length(); i++) {
                    for (int j = 0; j < y.length(); j++) {
                        int l = 0;
                        while (i + l < x.length() && j + l < y.length() && x.charAt(i + l) == y.charAt(j + l)) {
                            l++;
                        }
                        if (l > best) {
                            best = l;
                            bestSet.clear();
                        }
                        if (l == best && l > 0) {
                            bestSet.add(x.substring(i, i + l));
                        }
                    }
                }
                out.addAll(bestSet);
            }
        }
        return out;
    }

    @Test
    void differentialAgainstPairwiseLcs() {
        Random r = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 11 + r.nextInt(10);
            List<String> vals = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                int len = 3 + r.nextInt(12);
                for (int c = 0; c < len; c++) {
                    sb.append((char) ('a' + r.nextInt(3)));
                }
                vals.add(sb.toString());
            }
            List<KeywordCandidate> got = ex.extract(vals);
            for (KeywordCandidate k : got) {
                long c = vals.stream().filter(v -> v.contains(k.value())).count();
                assertEquals((double) c / n, k.coverage(), 1e-12);
                assertTrue(k.value().length() >= 4 && c >= 2);
            }
            // Every pairwise LCS meeting both thresholds is a keyword or inside one that covers at least as much.
            for (String l : pairwiseLcs(vals)) {
                double cov = vals.stream().filter(v -> v.contains(l)).count() / (double) n;
                if (l.length() >= 4 && cov >= 0.05) {
                    assertTrue(got.stream().anyMatch(k -> k.value().contains(l) && k.coverage() >= cov),
                            () -> "missed " + l + " in " + vals + " got " + got);
                }
            }
        }
    }
}
