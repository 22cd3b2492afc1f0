package org.chatdissect.core.params;

import static org.chatdissect.core.params.ParameterTable.*;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every threshold of the trainer (Table II of the paper plus our documented choices). Immutable, compared by value;
 * build variants with {@link #with(String, String)} or {@link #load(Path, Map)}. The parameters (key, type,
 * default, improved value, check) are declared once in {@link ParameterTable}; this class holds one set of values
 * and gives each a typed accessor. Keys, in their stable order, are {@link #KEYS}.
 */
public final class Parameters {
    /** How iterative VE re-segments fields longer than {@code ve.max_field_length}. */
    public enum Iteration { SUBCORPUS, GLOBAL }

    /** Post-processing of the VE fields. NONE is the paper's method. */
    public enum Refine { NONE, FIELD_TYPES }

    /** What to do with non-protocol packets seen before any protocol packet of their direction. */
    public enum LeadingFragments { OWN_MESSAGE, DROP }

    /** The parameter keys in their stable order (the order of {@link #toMap()}). */
    public static final List<String> KEYS = ParameterTable.keys();

    private static final Parameters DEFAULTS = preset(false);
    private static final Parameters IMPROVED = preset(true);

    /** The values in the order of {@link #KEYS}, each of its parameter's type; checked. */
    private final Object[] values;

    private Parameters(Object[] values) {
        for (ParamSpec<?> spec : ParameterTable.all()) {
            spec.validate(values[spec.index()], other -> values[other.index()]);
        }
        this.values = values;
    }

    private static Parameters preset(boolean improved) {
        List<ParamSpec<?>> all = ParameterTable.all();
        Object[] v = new Object[all.size()];
        for (ParamSpec<?> spec : all) {
            v[spec.index()] = improved ? spec.improvedValue() : spec.defaultValue();
        }
        return new Parameters(v);
    }

    /** Table II values, and our choices where the paper gives none (see docs/design/inference.md). */
    public static Parameters defaults() {
        return DEFAULTS;
    }

    /**
     * The paper's method plus this project's improvements (the parameters declared with an improved value in
     * {@link ParameterTable}): field-type refinement of VE's fields, exact length relations, and an opcode
     * entropy bound fit for controlled traces. Table II's 0.5 suits operator traffic, where heartbeats and syncs
     * dominate the opcode distribution; a controlled experiment repeats every task about equally often, which
     * puts a real opcode byte near log(tasks)/log(256) (0.7 for 40 tasks), while a random byte stays near 0.96.
     * A lab trace also holds few sessions, so a per-session identifier (a user number carried in every packet) has a low entropy
     * too: {@code opcode.reject_flow_ids} refuses opcodes fixed in each flow and different in almost every flow.
     */
    public static Parameters improved() {
        return IMPROVED;
    }

    /** Loads {@code key=value} lines from a file onto the paper's values, then applies overrides; both fail fast. */
    public static Parameters load(Path file, Map<String, String> overrides) throws IOException {
        Parameters p = file == null ? defaults() : defaults().withFile(file);
        if (overrides != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
                p = p.with(e.getKey(), e.getValue(), "override");
            }
        }
        return p;
    }

    /**
     * These values with every {@code key=value} line of a file applied on top, whatever its value: a file that
     * names a preset's own default (say {@code segment.refine=none} over the improved preset) sets it too.
     * A file that is not UTF-8 text fails with one line naming it.
     */
    public Parameters withFile(Path file) throws IOException {
        Properties props = new Properties();
        String source = String.valueOf(file.getFileName());
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + ": not a UTF-8 text file of key=value lines");
        }
        List<String> names = new ArrayList<>(props.stringPropertyNames());
        Collections.sort(names);
        Parameters p = this;
        for (String k : names) {
            p = p.with(k, props.getProperty(k), source);
        }
        return p;
    }

    /** Parses {@code key=value} overrides such as {@code ve.window=8} onto the paper's values. */
    public static Parameters fromOverrides(List<String> assignments) {
        return defaults().withAssignments(assignments);
    }

    /** These values with {@code key=value} assignments applied in order, e.g. a command line's {@code --set}. */
    public Parameters withAssignments(List<String> assignments) {
        Parameters p = this;
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override: expected key=value, got '" + a + "'");
            }
            p = p.with(a.substring(0, eq).trim(), a.substring(eq + 1).trim(), "override");
        }
        return p;
    }

    /** These values with one changed; fails with one line naming the key (unknown key, bad value, range). */
    public Parameters with(String key, String value) {
        return with(key, value, "parameter");
    }

    private Parameters with(String key, String value, String source) {
        String k = key.trim();
        ParamSpec<?> spec = ParameterTable.find(k);
        if (spec == null) {
            String hint = ParameterTable.closest(k);
            throw new IllegalArgumentException(source + ": unknown parameter '" + k + "'"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        try {
            Object[] next = values.clone();
            next[spec.index()] = spec.parse(value == null ? "" : value.trim());
            return new Parameters(next);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            if (msg != null && msg.startsWith("'")) {
                throw new IllegalArgumentException(source + ": parameter " + msg, e);
            }
            throw new IllegalArgumentException(source + ": bad value '" + value + "' for parameter '" + k + "'", e);
        }
    }

    /**
     * All parameters as strings, in the stable order of {@link #KEYS}, for signature provenance: integers and
     * doubles as {@link Integer#toString(int)} and {@link Double#toString(double)}, enums in lower case,
     * {@code segment.scope} 0 as {@code ALL}.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ParamSpec<?> spec : ParameterTable.all()) {
            m.put(spec.key(), spec.format(values[spec.index()]));
        }
        return m;
    }

    /** The value of one parameter. */
    <T> T get(ParamSpec<T> spec) {
        return spec.cast(values[spec.index()]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** {@code Parameters} followed by {@link #toMap()}. */
    @Override
    public String toString() {
        return "Parameters" + toMap();
    }

    // One typed accessor per parameter of ParameterTable, in its order.

    public int lcsMinLength() { return get(LCS_MIN_LENGTH); }
    public double lcsMinCoverage() { return get(LCS_MIN_COVERAGE); }
    public int keywordFewValuesMax() { return get(KEYWORD_FEW_VALUES_MAX); }
    public int keywordMinHostLabels() { return get(KEYWORD_MIN_HOST_LABELS); }
    public int veWindow() { return get(VE_WINDOW); }
    public int veMinVotes() { return get(VE_MIN_VOTES); }
    public int veMaxFieldLength() { return get(VE_MAX_FIELD_LENGTH); }
    public int veStatSample() { return get(VE_STAT_SAMPLE); }
    public Iteration segmentIteration() { return get(SEGMENT_ITERATION); }
    public double segmentMinCoverage() { return get(SEGMENT_MIN_COVERAGE); }
    /** Leading payload bytes segmented; 0 means the whole payload ({@code ALL}). */
    public int segmentScope() { return get(SEGMENT_SCOPE); }
    public Refine segmentRefine() { return get(SEGMENT_REFINE); }
    public LeadingFragments segmentLeading() { return get(SEGMENT_LEADING); }
    public int reqrespMaxRun() { return get(REQRESP_MAX_RUN); }
    public double lengthMinCorrelation() { return get(LENGTH_MIN_CORRELATION); }
    public double opcodeMaxEntropy() { return get(OPCODE_MAX_ENTROPY); }
    public boolean fieldtypeMergeConstants() { return get(FIELDTYPE_MERGE_CONSTANTS); }
    public double periodicMaxCv() { return get(PERIODIC_MAX_CV); }
    public double periodicMinSpan() { return get(PERIODIC_MIN_SPAN); }
    public double triggerMaxGapSeconds() { return get(TRIGGER_MAX_GAP_S); }
    public double triggerMinRatio() { return get(TRIGGER_MIN_RATIO); }
    public double manifestMinShare() { return get(MANIFEST_MIN_SHARE); }
    public int endpointMinFlows() { return get(ENDPOINT_MIN_FLOWS); }
    public int endpointMinClients() { return get(ENDPOINT_MIN_CLIENTS); }
    public int associationMinServers() { return get(ASSOCIATION_MIN_SERVERS); }
    public int associationMinEvidence() { return get(ASSOCIATION_MIN_EVIDENCE); }
    public int endpointFormatMinBytes() { return get(ENDPOINT_FORMAT_MIN_BYTES); }
    public boolean opcodeRejectFlowIds() { return get(OPCODE_REJECT_FLOW_IDS); }
    public boolean opcodePreferVarying() { return get(OPCODE_PREFER_VARYING); }
    public double bitsMinShare() { return get(BITS_MIN_SHARE); }
    public int bitsMinMessages() { return get(BITS_MIN_MESSAGES); }
    public double bitsMinP() { return get(BITS_MIN_P); }
    public int formatMaxFormats() { return get(FORMAT_MAX_FORMATS); }

    /** {@code format.scope}; what it means for the bytes typed and kept: {@code FormatLearner.typedScope}. */
    public int formatScope() { return get(FORMAT_SCOPE); }
    public int formatMinPackets() { return get(FORMAT_MIN_PACKETS); }
    public boolean segmentEvidence() { return get(SEGMENT_EVIDENCE); }
    public double evidenceColumnDelta() { return get(EVIDENCE_COLUMN_DELTA); }
    public int evidenceColumnMinMessages() { return get(EVIDENCE_COLUMN_MIN_MESSAGES); }
    public double evidenceNumberZeroShare() { return get(EVIDENCE_NUMBER_ZERO_SHARE); }
    public int evidenceNumberAlign() { return get(EVIDENCE_NUMBER_ALIGN); }
    public int evidenceTextMinRun() { return get(EVIDENCE_TEXT_MIN_RUN); }
    public int evidenceOpaqueWindow() { return get(EVIDENCE_OPAQUE_WINDOW); }
    public double evidenceOpaqueDistinct() { return get(EVIDENCE_OPAQUE_DISTINCT); }
    public int evidenceTlvMinElements() { return get(EVIDENCE_TLV_MIN_ELEMENTS); }
    public double evidenceTlvMinShare() { return get(EVIDENCE_TLV_MIN_SHARE); }
    public int textScope() { return get(TEXT_SCOPE); }
    public int textMinOccurrences() { return get(TEXT_MIN_OCCURRENCES); }
    public double textTaskMinShare() { return get(TEXT_TASK_MIN_SHARE); }
    public double textMinLineShare() { return get(TEXT_MIN_LINE_SHARE); }
    public double segmentGroupPurity() { return get(SEGMENT_GROUP_PURITY); }
    public double lengthExactShare() { return get(LENGTH_EXACT_SHARE); }
    public int lengthMaxFactor() { return get(LENGTH_MAX_FACTOR); }
    public double evidenceConstantSplit() { return get(EVIDENCE_CONSTANT_SPLIT); }
    public double evidenceOpaqueKeep() { return get(EVIDENCE_OPAQUE_KEEP); }
    public int evidenceZeroRun() { return get(EVIDENCE_ZERO_RUN); }
    public int evidenceLengthMaxOffset() { return get(EVIDENCE_LENGTH_MAX_OFFSET); }
    public double evidenceLengthShare() { return get(EVIDENCE_LENGTH_SHARE); }
    public int evidenceLengthMinValues() { return get(EVIDENCE_LENGTH_MIN_VALUES); }
    public double evidenceRecordMatch() { return get(EVIDENCE_RECORD_MATCH); }
    public int evidenceRecordMinCount() { return get(EVIDENCE_RECORD_MIN_COUNT); }
    public int evidenceRecordMinSize() { return get(EVIDENCE_RECORD_MIN_SIZE); }
    public int evidenceRecordMaxSize() { return get(EVIDENCE_RECORD_MAX_SIZE); }
    public int framingMaxOffset() { return get(FRAMING_MAX_OFFSET); }
    public int framingMaxAdjust() { return get(FRAMING_MAX_ADJUST); }
    public int framingMaxFrame() { return get(FRAMING_MAX_FRAME); }
    public int framingMinFrames() { return get(FRAMING_MIN_FRAMES); }
    public int framingMinStreams() { return get(FRAMING_MIN_STREAMS); }
    public double framingMinShare() { return get(FRAMING_MIN_SHARE); }
    public int framingSampleFrames() { return get(FRAMING_SAMPLE_FRAMES); }
    public int framingStarts() { return get(FRAMING_STARTS); }
    public int evidenceZeroAlign() { return get(EVIDENCE_ZERO_ALIGN); }
    public boolean evidenceLengthSum() { return get(EVIDENCE_LENGTH_SUM); }
    public int evidenceRepeatAnchor() { return get(EVIDENCE_REPEAT_ANCHOR); }
    public int evidenceRepeatFrom() { return get(EVIDENCE_REPEAT_FROM); }
    public double evidenceRepeatMatch() { return get(EVIDENCE_REPEAT_MATCH); }
    public boolean evidenceTlvFlatSplit() { return get(EVIDENCE_TLV_FLAT_SPLIT); }
}
