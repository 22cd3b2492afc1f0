package org.chatdissect.match.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;
import org.chatdissect.model.SignatureSet;

/**
 * A signature set ready for bulk matching: applications numbered in order of first appearance (at most 64, so
 * a set of apps fits in a {@code long}), header signatures split by transport, keyword signatures together.
 * Immutable and shareable between threads.
 */
public final class CompiledSignatures {
    /** Apps are bits of a long in the UDP all-packets rule. */
    public static final int MAX_APPS = 64;

    private final List<String> apps;
    private final HeaderMatcher tcp;
    private final HeaderMatcher udp;
    private final KeywordMatcher keywords;
    private final List<Map<String, String>> serviceOfTask;
    private final List<AppSignature> text = new ArrayList<>();
    private final List<AppSignature> endpoints = new ArrayList<>();
    private final EndpointMatcher endpointMatcher;
    private final TextMatcher textMatcher;

    /** A signature with its application's index. */
    public record AppSignature(int app, Signature signature) {}

    private final int versionTolerance;

    private CompiledSignatures(List<Signature> sigs, int versionTolerance) {
        if (versionTolerance < 0) {
            throw new IllegalArgumentException("version tolerance must be 0 or more");
        }
        this.versionTolerance = versionTolerance;
        Map<String, Integer> appIds = new LinkedHashMap<>();
        for (Signature s : sigs) {
            appIds.putIfAbsent(s.app(), appIds.size());
        }
        if (appIds.size() > MAX_APPS) {
            throw new IllegalArgumentException("at most " + MAX_APPS + " applications, got " + appIds.size());
        }
        apps = List.copyOf(appIds.keySet());
        List<Signature> t = new ArrayList<>();
        List<Integer> ta = new ArrayList<>();
        List<Signature> u = new ArrayList<>();
        List<Integer> ua = new ArrayList<>();
        List<Signature> k = new ArrayList<>();
        List<Integer> ka = new ArrayList<>();
        serviceOfTask = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            serviceOfTask.add(new HashMap<>());
        }
        for (Signature s : sigs) {
            int a = appIds.get(s.app());
            if (s.form() == SignatureForm.TEXT || s.form() == SignatureForm.ENDPOINT) {
                // no fields: a header matcher would take them for signatures that match every payload
                (s.form() == SignatureForm.TEXT ? text : endpoints).add(new AppSignature(a, s));
            } else if (s.flowType() == FlowType.TCP) {
                t.add(s);
                ta.add(a);
            } else if (s.flowType() == FlowType.UDP) {
                u.add(s);
                ua.add(a);
            } else {
                k.add(s);
                ka.add(a);
            }
            for (OpcodeInfo o : s.opcodes().values()) {
                if (o.service() != null) {
                    serviceOfTask.get(a).putIfAbsent(o.task(), o.service());
                }
            }
        }
        // keyword and text tasks (an HTTP url, a text line) have their service on the keyword; after every opcode
        // table, which names a task's service first
        for (Signature s : sigs) {
            for (org.chatdissect.model.Keyword kw : s.keywords()) {
                if (kw.task() != null && kw.service() != null) {
                    serviceOfTask.get(appIds.get(s.app())).putIfAbsent(kw.task(), kw.service());
                }
            }
        }
        tcp = new HeaderMatcher(t, ta, versionTolerance);
        udp = new HeaderMatcher(u, ua, versionTolerance);
        keywords = new KeywordMatcher(k, ka);
        List<AppSignature> all = new ArrayList<>();
        for (Signature s : sigs) {
            all.add(new AppSignature(appIds.get(s.app()), s));
        }
        endpointMatcher = new EndpointMatcher(endpoints, all);
        textMatcher = new TextMatcher(text);
    }

    /** Compiles the signatures of several sets, in order (the first set's signatures win ties). */
    public static CompiledSignatures compile(List<SignatureSet> sets) {
        return compile(sets, 0);
    }

    /**
     * As {@link #compile(List)}, header signatures accepting up to {@code versionTolerance} bytes of constant fields
     * unlike every listed value where the structure holds ({@code classify --version-tolerance}; see
     * {@link org.chatdissect.store.match.HeaderSignatures#matches(Signature, byte[], int, int, int)}).
     */
    public static CompiledSignatures compile(List<SignatureSet> sets, int versionTolerance) {
        List<Signature> all = new ArrayList<>();
        for (SignatureSet s : sets) {
            all.addAll(s.signatures());
        }
        return new CompiledSignatures(all, versionTolerance);
    }

    /** The tolerance the header signatures were compiled with. */
    public int versionTolerance() {
        return versionTolerance;
    }

    public static CompiledSignatures compile(SignatureSet set) {
        return compile(List.of(set));
    }

    /** Application names; an app's index is its position here. */
    public List<String> apps() {
        return apps;
    }

    public HeaderMatcher tcp() {
        return tcp;
    }

    public HeaderMatcher udp() {
        return udp;
    }

    public KeywordMatcher keywords() {
        return keywords;
    }

    /** The text signatures compiled for TCP payloads. */
    public TextMatcher text() {
        return textMatcher;
    }

    /** Text signatures (format version 2), in order. */
    public List<AppSignature> textSignatures() {
        return List.copyOf(text);
    }

    /** Endpoint signatures (format version 2), in order. */
    public List<AppSignature> endpointSignatures() {
        return List.copyOf(endpoints);
    }

    /** Endpoint signatures and associations, compiled for the per-flow lookups of the classifier. */
    public EndpointMatcher endpoints() {
        return endpointMatcher;
    }

    /**
     * The service of a task name in the app's opcode tables: HTTP keywords name tasks but carry no service,
     * while the same task over TCP usually has one (the trainer names both from the manifest).
     */
    public String serviceOf(int app, String task) {
        return task == null ? null : serviceOfTask.get(app).get(task);
    }
}
