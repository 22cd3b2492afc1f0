package org.chatdissect.core.params;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every threshold of the trainer (Table II of the paper plus our documented choices). Immutable; build variants
 * with {@link #with(String, String)} or {@link #load(Path, Map)}. Keys and defaults are listed in {@link #KEYS}.
 *
 * @param segmentScope number of leading payload bytes segmented; 0 means the whole payload ("ALL")
 */
public record Parameters(
        int lcsMinLength,
        double lcsMinCoverage,
        int keywordFewValuesMax,
        int keywordMinHostLabels,
        int veWindow,
        int veMinVotes,
        int veMaxFieldLength,
        int veStatSample,
        Iteration segmentIteration,
        double segmentMinCoverage,
        int segmentScope,
        Refine segmentRefine,
        LeadingFragments segmentLeading,
        int reqrespMaxRun,
        double lengthMinCorrelation,
        double opcodeMaxEntropy,
        boolean fieldtypeMergeConstants,
        double periodicMaxCv,
        double triggerMaxGapSeconds,
        double triggerMinRatio,
        double manifestMinShare,
        int endpointMinFlows,
        int endpointMinClients,
        int associationMinServers,
        int associationMinEvidence,
        int endpointFormatMinBytes,
        boolean opcodeRejectFlowIds,
        boolean segmentEvidence,
        double evidenceColumnDelta,
        int evidenceColumnMinMessages,
        double evidenceNumberZeroShare,
        int evidenceNumberAlign,
        int evidenceTextMinRun,
        int evidenceOpaqueWindow,
        double evidenceOpaqueDistinct,
        int evidenceTlvMinElements,
        double evidenceTlvMinShare,
        int textScope,
        int textMinOccurrences,
        double textTaskMinShare,
        double textMinLineShare,
        double segmentGroupPurity,
        double lengthExactShare,
        int lengthMaxFactor,
        double evidenceConstantSplit,
        double evidenceOpaqueKeep,
        int evidenceZeroRun,
        int evidenceLengthMaxOffset,
        double evidenceLengthShare,
        int evidenceLengthMinValues,
        double evidenceRecordMatch,
        int evidenceRecordMinCount,
        int evidenceRecordMinSize,
        int evidenceRecordMaxSize,
        int framingMaxOffset,
        int framingMaxAdjust,
        int framingMaxFrame,
        int framingMinFrames,
        int framingMinStreams,
        double framingMinShare,
        int framingSampleFrames,
        int framingStarts) {

    /** How iterative VE re-segments fields longer than {@code ve.max_field_length}. */
    public enum Iteration { SUBCORPUS, GLOBAL }

    /** Post-processing of the VE fields. NONE is the paper's method. */
    public enum Refine { NONE, FIELD_TYPES }

    /** What to do with non-protocol packets seen before any protocol packet of their direction. */
    public enum LeadingFragments { OWN_MESSAGE, DROP }

    /** The parameter keys in their stable order (the order of {@link #toMap()}). */
    public static final List<String> KEYS = List.of(
            "lcs.min_length", "lcs.min_coverage", "keyword.few_values_max", "keyword.min_host_labels",
            "ve.window", "ve.min_votes", "ve.max_field_length", "ve.stat_sample",
            "segment.iteration", "segment.min_coverage", "segment.scope", "segment.refine", "segment.leading",
            "reqresp.max_run", "length.min_correlation", "opcode.max_entropy", "fieldtype.merge_constants",
            "periodic.max_cv", "trigger.max_gap_s", "trigger.min_ratio", "manifest.min_share",
            "endpoint.min_flows", "endpoint.min_clients", "association.min_servers", "association.min_evidence",
            "endpoint.format_min_bytes", "opcode.reject_flow_ids",
            "segment.evidence", "evidence.column_delta", "evidence.column_min_messages", "evidence.number_zero_share",
            "evidence.number_align", "evidence.text_min_run", "evidence.opaque_window", "evidence.opaque_distinct",
            "evidence.tlv_min_elements", "evidence.tlv_min_share",
            "text.scope", "text.min_occurrences", "text.task_min_share", "text.min_line_share",
            "segment.group_purity", "length.exact_share", "length.max_factor",
            "evidence.constant_split", "evidence.opaque_keep", "evidence.zero_run", "evidence.length_max_offset",
            "evidence.length_share", "evidence.length_min_values", "evidence.record_match", "evidence.record_min_count",
            "evidence.record_min_size", "evidence.record_max_size",
            "framing.max_offset", "framing.max_adjust", "framing.max_frame", "framing.min_frames", "framing.min_streams",
            "framing.min_share", "framing.sample_frames", "framing.starts");

    public Parameters {
        check(lcsMinLength >= 1, "lcs.min_length", "must be >= 1");
        check(lcsMinCoverage > 0 && lcsMinCoverage <= 1, "lcs.min_coverage", "must be in (0,1]");
        check(keywordFewValuesMax >= 0, "keyword.few_values_max", "must be >= 0");
        check(keywordMinHostLabels >= 0, "keyword.min_host_labels", "must be >= 0");
        check(veWindow >= 2, "ve.window", "must be >= 2");
        check(veMinVotes >= 1, "ve.min_votes", "must be >= 1");
        check(veMaxFieldLength >= 1, "ve.max_field_length", "must be >= 1");
        check(veStatSample >= 1, "ve.stat_sample", "must be >= 1");
        check(segmentMinCoverage >= 0 && segmentMinCoverage < 1, "segment.min_coverage", "must be in [0,1)");
        check(segmentScope >= 0, "segment.scope", "must be >= 1 or ALL");
        check(reqrespMaxRun >= 1, "reqresp.max_run", "must be >= 1");
        check(lengthMinCorrelation > 0 && lengthMinCorrelation <= 1, "length.min_correlation", "must be in (0,1]");
        check(opcodeMaxEntropy > 0 && opcodeMaxEntropy <= 1, "opcode.max_entropy", "must be in (0,1]");
        check(periodicMaxCv > 0, "periodic.max_cv", "must be > 0");
        check(triggerMaxGapSeconds > 0, "trigger.max_gap_s", "must be > 0");
        check(triggerMinRatio > 0, "trigger.min_ratio", "must be > 0");
        check(manifestMinShare > 0 && manifestMinShare <= 1, "manifest.min_share", "must be in (0,1]");
        check(endpointMinFlows >= 1, "endpoint.min_flows", "must be >= 1");
        check(endpointMinClients >= 1, "endpoint.min_clients", "must be >= 1");
        check(associationMinServers >= 2, "association.min_servers", "must be >= 2");
        check(associationMinEvidence >= 1, "association.min_evidence", "must be >= 1");
        check(endpointFormatMinBytes >= 1, "endpoint.format_min_bytes", "must be >= 1");
        check(evidenceColumnDelta >= 0, "evidence.column_delta", "must be >= 0");
        check(evidenceColumnMinMessages >= 1, "evidence.column_min_messages", "must be >= 1");
        check(evidenceNumberZeroShare > 0 && evidenceNumberZeroShare <= 1, "evidence.number_zero_share", "must be in (0,1]");
        check(evidenceNumberAlign >= 1, "evidence.number_align", "must be >= 1");
        check(evidenceTextMinRun >= 2, "evidence.text_min_run", "must be >= 2");
        check(evidenceOpaqueWindow >= 0, "evidence.opaque_window", "must be >= 0 (0 = off)");
        check(evidenceOpaqueDistinct > 0 && evidenceOpaqueDistinct <= 1, "evidence.opaque_distinct", "must be in (0,1]");
        check(evidenceTlvMinElements >= 0, "evidence.tlv_min_elements", "must be >= 0 (0 = off)");
        check(evidenceTlvMinShare > 0 && evidenceTlvMinShare <= 1, "evidence.tlv_min_share", "must be in (0,1]");
        check(evidenceOpaqueKeep > 0 && evidenceOpaqueKeep <= 1, "evidence.opaque_keep", "must be in (0,1]");
        check(evidenceConstantSplit >= 0 && evidenceConstantSplit <= 1, "evidence.constant_split", "must be in [0,1] (0 = off)");
        check(evidenceZeroRun >= 0, "evidence.zero_run", "must be >= 0 (0 = off)");
        check(evidenceLengthMaxOffset >= 0, "evidence.length_max_offset", "must be >= 0 (0 = off)");
        check(evidenceLengthShare > 0 && evidenceLengthShare <= 1, "evidence.length_share", "must be in (0,1]");
        check(evidenceLengthMinValues >= 1, "evidence.length_min_values", "must be >= 1");
        check(evidenceRecordMatch >= 0 && evidenceRecordMatch <= 1, "evidence.record_match", "must be in [0,1] (0 = off)");
        check(evidenceRecordMinCount >= 2, "evidence.record_min_count", "must be >= 2");
        check(evidenceRecordMinSize >= 1, "evidence.record_min_size", "must be >= 1");
        check(evidenceRecordMaxSize >= evidenceRecordMinSize, "evidence.record_max_size", "must be >= evidence.record_min_size");
        check(textScope >= 3 && textScope <= 1500, "text.scope", "must be in [3,1500]");
        check(textMinOccurrences >= 1, "text.min_occurrences", "must be >= 1");
        check(textTaskMinShare > 0 && textTaskMinShare <= 1, "text.task_min_share", "must be in (0,1]");
        check(textMinLineShare > 0 && textMinLineShare <= 1, "text.min_line_share", "must be in (0,1]");
        check(segmentGroupPurity >= 0 && segmentGroupPurity <= 1, "segment.group_purity", "must be in [0,1] (0 = off)");
        check(lengthExactShare >= 0 && lengthExactShare <= 1, "length.exact_share", "must be in [0,1] (0 = off)");
        check(lengthMaxFactor >= 1, "length.max_factor", "must be >= 1");
        check(framingMaxOffset >= 0 && framingMaxOffset <= 64, "framing.max_offset", "must be in [0,64]");
        check(framingMaxAdjust >= 0 && framingMaxAdjust <= 1024, "framing.max_adjust", "must be in [0,1024]");
        check(framingMaxFrame >= 1, "framing.max_frame", "must be >= 1");
        check(framingMinFrames >= 1, "framing.min_frames", "must be >= 1");
        check(framingMinStreams >= 1, "framing.min_streams", "must be >= 1");
        check(framingMinShare > 0 && framingMinShare <= 1, "framing.min_share", "must be in (0,1]");
        check(framingSampleFrames >= 1, "framing.sample_frames", "must be >= 1");
        check(framingStarts >= 0, "framing.starts", "must be >= 0 (0 = off)");
        if (segmentIteration == null || segmentRefine == null || segmentLeading == null) {
            throw new IllegalArgumentException("parameter enums must not be null");
        }
    }

    /** Table II values, and our choices where the paper gives none (see docs/design/inference.md). */
    public static Parameters defaults() {
        return new Parameters(4, 0.05, 4, 2, 10, 6, 4, 100_000, Iteration.SUBCORPUS, 0.10, 16, Refine.NONE,
                LeadingFragments.OWN_MESSAGE, 3, 0.99, 0.5, true, 0.2, 1.0, 100, 0.5,
                2, 2, 3, 2, 3, false,
                false, 0.05, 5, 0.9, 2, 6, 64, 0.8, 4, 0.5,
                64, 2, 0.8, 0.5, 0.99, 0, 16,
                0.5, 0.5, 8, 32, 0.7, 3,
                0.4, 4, 4, 64,
                4, 8, 16 << 20, 3, 2, 0.5, 64, 2);
    }

    /**
     * The paper's method plus this project's improvements: field-type refinement of VE's fields, and an opcode
     * entropy bound fit for controlled traces. Table II's 0.5 suits operator traffic, where heartbeats and syncs
     * dominate the opcode distribution; a controlled experiment repeats every task about equally often, which
     * puts a real opcode byte near log(tasks)/log(256) (0.7 for 40 tasks), while a random byte stays near 0.96.
     * A lab trace also holds few sessions, so a per-session identifier (QQ video's QQ number) has a low entropy
     * too: {@code opcode.reject_flow_ids} refuses opcodes fixed in each flow and different in almost every flow.
     */
    public static Parameters improved() {
        return defaults().with("segment.refine", "field_types").with("opcode.max_entropy", "0.8")
                .with("opcode.reject_flow_ids", "true").with("length.exact_share", "0.99");
    }

    /** Loads {@code key=value} lines from a file, then applies overrides (e.g. from the CLI); both fail fast. */
    public static Parameters load(Path file, Map<String, String> overrides) throws IOException {
        Parameters p = defaults();
        if (file != null) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            }
            List<String> names = new ArrayList<>(props.stringPropertyNames());
            Collections.sort(names);
            String source = String.valueOf(file.getFileName());
            for (String k : names) {
                p = p.with(k, props.getProperty(k), source);
            }
        }
        if (overrides != null) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(overrides).entrySet()) {
                p = p.with(e.getKey(), e.getValue(), "override");
            }
        }
        return p;
    }

    /** Parses {@code key=value} overrides such as {@code ve.window=8}. */
    public static Parameters fromOverrides(List<String> assignments) {
        Parameters p = defaults();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override: expected key=value, got '" + a + "'");
            }
            p = p.with(a.substring(0, eq).trim(), a.substring(eq + 1).trim(), "override");
        }
        return p;
    }

    public Parameters with(String key, String value) {
        return with(key, value, "parameter");
    }

    private Parameters with(String key, String value, String source) {
        Map<String, String> m = toMap();
        String k = key.trim();
        if (!m.containsKey(k)) {
            String hint = closest(k);
            throw new IllegalArgumentException(source + ": unknown parameter '" + k + "'"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        m.put(k, value == null ? "" : value.trim());
        try {
            return fromMap(m);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            if (msg != null && msg.startsWith("'")) {
                throw new IllegalArgumentException(source + ": parameter " + msg, e);
            }
            throw new IllegalArgumentException(source + ": bad value '" + value + "' for parameter '" + k + "'", e);
        }
    }

    private static Parameters fromMap(Map<String, String> m) {
        return new Parameters(
                intOf(m, "lcs.min_length"), dbl(m, "lcs.min_coverage"), intOf(m, "keyword.few_values_max"),
                intOf(m, "keyword.min_host_labels"), intOf(m, "ve.window"), intOf(m, "ve.min_votes"), intOf(m, "ve.max_field_length"),
                intOf(m, "ve.stat_sample"), enumOf(m, "segment.iteration", Iteration.class),
                dbl(m, "segment.min_coverage"), scope(m), enumOf(m, "segment.refine", Refine.class),
                enumOf(m, "segment.leading", LeadingFragments.class),
                intOf(m, "reqresp.max_run"), dbl(m, "length.min_correlation"), dbl(m, "opcode.max_entropy"),
                bool(m, "fieldtype.merge_constants"), dbl(m, "periodic.max_cv"), dbl(m, "trigger.max_gap_s"),
                dbl(m, "trigger.min_ratio"), dbl(m, "manifest.min_share"),
                intOf(m, "endpoint.min_flows"), intOf(m, "endpoint.min_clients"),
                intOf(m, "association.min_servers"), intOf(m, "association.min_evidence"),
                intOf(m, "endpoint.format_min_bytes"), bool(m, "opcode.reject_flow_ids"),
                bool(m, "segment.evidence"), dbl(m, "evidence.column_delta"), intOf(m, "evidence.column_min_messages"),
                dbl(m, "evidence.number_zero_share"), intOf(m, "evidence.number_align"), intOf(m, "evidence.text_min_run"),
                intOf(m, "evidence.opaque_window"), dbl(m, "evidence.opaque_distinct"), intOf(m, "evidence.tlv_min_elements"),
                dbl(m, "evidence.tlv_min_share"),
                intOf(m, "text.scope"), intOf(m, "text.min_occurrences"), dbl(m, "text.task_min_share"),
                dbl(m, "text.min_line_share"), dbl(m, "segment.group_purity"), dbl(m, "length.exact_share"),
                intOf(m, "length.max_factor"),
                dbl(m, "evidence.constant_split"), dbl(m, "evidence.opaque_keep"), intOf(m, "evidence.zero_run"),
                intOf(m, "evidence.length_max_offset"), dbl(m, "evidence.length_share"),
                intOf(m, "evidence.length_min_values"), dbl(m, "evidence.record_match"),
                intOf(m, "evidence.record_min_count"), intOf(m, "evidence.record_min_size"),
                intOf(m, "evidence.record_max_size"),
                intOf(m, "framing.max_offset"), intOf(m, "framing.max_adjust"), intOf(m, "framing.max_frame"),
                intOf(m, "framing.min_frames"), intOf(m, "framing.min_streams"), dbl(m, "framing.min_share"),
                intOf(m, "framing.sample_frames"), intOf(m, "framing.starts"));
    }

    /** All parameters as strings, in the stable order of {@link #KEYS}, for signature provenance. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lcs.min_length", Integer.toString(lcsMinLength));
        m.put("lcs.min_coverage", Double.toString(lcsMinCoverage));
        m.put("keyword.few_values_max", Integer.toString(keywordFewValuesMax));
        m.put("keyword.min_host_labels", Integer.toString(keywordMinHostLabels));
        m.put("ve.window", Integer.toString(veWindow));
        m.put("ve.min_votes", Integer.toString(veMinVotes));
        m.put("ve.max_field_length", Integer.toString(veMaxFieldLength));
        m.put("ve.stat_sample", Integer.toString(veStatSample));
        m.put("segment.iteration", segmentIteration.name().toLowerCase(Locale.ROOT));
        m.put("segment.min_coverage", Double.toString(segmentMinCoverage));
        m.put("segment.scope", segmentScope == 0 ? "ALL" : Integer.toString(segmentScope));
        m.put("segment.refine", segmentRefine.name().toLowerCase(Locale.ROOT));
        m.put("segment.leading", segmentLeading.name().toLowerCase(Locale.ROOT));
        m.put("reqresp.max_run", Integer.toString(reqrespMaxRun));
        m.put("length.min_correlation", Double.toString(lengthMinCorrelation));
        m.put("opcode.max_entropy", Double.toString(opcodeMaxEntropy));
        m.put("fieldtype.merge_constants", Boolean.toString(fieldtypeMergeConstants));
        m.put("periodic.max_cv", Double.toString(periodicMaxCv));
        m.put("trigger.max_gap_s", Double.toString(triggerMaxGapSeconds));
        m.put("trigger.min_ratio", Double.toString(triggerMinRatio));
        m.put("manifest.min_share", Double.toString(manifestMinShare));
        m.put("endpoint.min_flows", Integer.toString(endpointMinFlows));
        m.put("endpoint.min_clients", Integer.toString(endpointMinClients));
        m.put("association.min_servers", Integer.toString(associationMinServers));
        m.put("association.min_evidence", Integer.toString(associationMinEvidence));
        m.put("endpoint.format_min_bytes", Integer.toString(endpointFormatMinBytes));
        m.put("opcode.reject_flow_ids", Boolean.toString(opcodeRejectFlowIds));
        m.put("segment.evidence", Boolean.toString(segmentEvidence));
        m.put("evidence.column_delta", Double.toString(evidenceColumnDelta));
        m.put("evidence.column_min_messages", Integer.toString(evidenceColumnMinMessages));
        m.put("evidence.number_zero_share", Double.toString(evidenceNumberZeroShare));
        m.put("evidence.number_align", Integer.toString(evidenceNumberAlign));
        m.put("evidence.text_min_run", Integer.toString(evidenceTextMinRun));
        m.put("evidence.opaque_window", Integer.toString(evidenceOpaqueWindow));
        m.put("evidence.opaque_distinct", Double.toString(evidenceOpaqueDistinct));
        m.put("evidence.tlv_min_elements", Integer.toString(evidenceTlvMinElements));
        m.put("evidence.tlv_min_share", Double.toString(evidenceTlvMinShare));
        m.put("text.scope", Integer.toString(textScope));
        m.put("text.min_occurrences", Integer.toString(textMinOccurrences));
        m.put("text.task_min_share", Double.toString(textTaskMinShare));
        m.put("text.min_line_share", Double.toString(textMinLineShare));
        m.put("segment.group_purity", Double.toString(segmentGroupPurity));
        m.put("length.exact_share", Double.toString(lengthExactShare));
        m.put("length.max_factor", Integer.toString(lengthMaxFactor));
        m.put("evidence.constant_split", Double.toString(evidenceConstantSplit));
        m.put("evidence.opaque_keep", Double.toString(evidenceOpaqueKeep));
        m.put("evidence.zero_run", Integer.toString(evidenceZeroRun));
        m.put("evidence.length_max_offset", Integer.toString(evidenceLengthMaxOffset));
        m.put("evidence.length_share", Double.toString(evidenceLengthShare));
        m.put("evidence.length_min_values", Integer.toString(evidenceLengthMinValues));
        m.put("evidence.record_match", Double.toString(evidenceRecordMatch));
        m.put("evidence.record_min_count", Integer.toString(evidenceRecordMinCount));
        m.put("evidence.record_min_size", Integer.toString(evidenceRecordMinSize));
        m.put("evidence.record_max_size", Integer.toString(evidenceRecordMaxSize));
        m.put("framing.max_offset", Integer.toString(framingMaxOffset));
        m.put("framing.max_adjust", Integer.toString(framingMaxAdjust));
        m.put("framing.max_frame", Integer.toString(framingMaxFrame));
        m.put("framing.min_frames", Integer.toString(framingMinFrames));
        m.put("framing.min_streams", Integer.toString(framingMinStreams));
        m.put("framing.min_share", Double.toString(framingMinShare));
        m.put("framing.sample_frames", Integer.toString(framingSampleFrames));
        m.put("framing.starts", Integer.toString(framingStarts));
        return m;
    }

    private static void check(boolean ok, String key, String why) {
        if (!ok) {
            throw new IllegalArgumentException("'" + key + "' " + why);
        }
    }

    private static int intOf(Map<String, String> m, String k) {
        try {
            return Integer.parseInt(m.get(k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + k + "' expects an integer, got '" + m.get(k) + "'");
        }
    }

    private static int scope(Map<String, String> m) {
        return "ALL".equalsIgnoreCase(m.get("segment.scope")) ? 0 : intOf(m, "segment.scope");
    }

    private static double dbl(Map<String, String> m, String k) {
        try {
            double d = Double.parseDouble(m.get(k));
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + k + "' expects a number, got '" + m.get(k) + "'");
        }
    }

    private static boolean bool(Map<String, String> m, String k) {
        String v = m.get(k).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("'" + k + "' expects true or false, got '" + m.get(k) + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static <E extends Enum<E>> E enumOf(Map<String, String> m, String k, Class<E> type) {
        String v = m.get(k).toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("'" + k + "' expects one of " + allowed + ", got '" + m.get(k) + "'");
    }

    /** Nearest known key by edit distance, if close enough to be a plausible typo. */
    static String closest(String key) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : KEYS) {
            int d = editDistance(key, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
