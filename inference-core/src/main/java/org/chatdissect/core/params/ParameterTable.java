package org.chatdissect.core.params;

import static org.chatdissect.core.params.Check.above;
import static org.chatdissect.core.params.Check.atLeast;
import static org.chatdissect.core.params.Check.atLeastOrAll;
import static org.chatdissect.core.params.Check.in;
import static org.chatdissect.core.params.ParamSpec.choice;
import static org.chatdissect.core.params.ParamSpec.flag;
import static org.chatdissect.core.params.ParamSpec.integer;
import static org.chatdissect.core.params.ParamSpec.real;
import static org.chatdissect.core.params.ParamSpec.scope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.chatdissect.core.params.Parameters.Iteration;
import org.chatdissect.core.params.Parameters.LeadingFragments;
import org.chatdissect.core.params.Parameters.Refine;

/**
 * Every parameter of the trainer, declared once: key, type, default (the paper preset: Table II and our choices),
 * the value in the improved preset where it differs, and the check with its error text. The order of the
 * declarations is the stable order of {@link Parameters#KEYS} and {@link Parameters#toMap()}, which signature files
 * record: append new parameters at the end. Meanings and sources: docs/cli.md and docs/design/inference.md.
 *
 * <p>Adding a parameter: one declaration at the end here, one accessor in {@link Parameters}, one row in each of
 * the two doc tables, and its default in ParameterTableTest's pinned {@code toMap()} (ParameterTableTest and
 * ParameterDocsTest fail until all are there). See docs/design/inference.md.
 */
final class ParameterTable {
    private static final List<ParamSpec<?>> DECLARED = new ArrayList<>();
    private static final Map<String, ParamSpec<?>> BY_KEY = new LinkedHashMap<>();

    // Keywords (III-A1)
    static final ParamSpec<Integer> LCS_MIN_LENGTH = add(integer("lcs.min_length", 4).check(atLeast(1)));
    static final ParamSpec<Double> LCS_MIN_COVERAGE = add(real("lcs.min_coverage", 0.05).check(in("(0,1]")));
    static final ParamSpec<Integer> KEYWORD_FEW_VALUES_MAX = add(integer("keyword.few_values_max", 4).check(atLeast(0)));
    static final ParamSpec<Integer> KEYWORD_MIN_HOST_LABELS = add(integer("keyword.min_host_labels", 2).check(atLeast(0)));

    // Voting Experts and segmentation (III-A2)
    static final ParamSpec<Integer> VE_WINDOW = add(integer("ve.window", 10).check(atLeast(2)));
    static final ParamSpec<Integer> VE_MIN_VOTES = add(integer("ve.min_votes", 6).check(atLeast(1)));
    static final ParamSpec<Integer> VE_MAX_FIELD_LENGTH = add(integer("ve.max_field_length", 4).check(atLeast(1)));
    static final ParamSpec<Integer> VE_STAT_SAMPLE = add(integer("ve.stat_sample", 100_000).check(atLeast(1)));
    static final ParamSpec<Iteration> SEGMENT_ITERATION = add(choice("segment.iteration", Iteration.SUBCORPUS));
    static final ParamSpec<Double> SEGMENT_MIN_COVERAGE = add(real("segment.min_coverage", 0.10).check(in("[0,1)")));
    static final ParamSpec<Integer> SEGMENT_SCOPE = add(scope("segment.scope", 16).check(atLeastOrAll(1)));
    static final ParamSpec<Refine> SEGMENT_REFINE = add(choice("segment.refine", Refine.NONE)
            .improved(Refine.FIELD_TYPES));
    static final ParamSpec<LeadingFragments> SEGMENT_LEADING = add(choice("segment.leading", LeadingFragments.OWN_MESSAGE));

    // Field types and semantics (III-A3, III-A4)
    static final ParamSpec<Integer> REQRESP_MAX_RUN = add(integer("reqresp.max_run", 3).check(atLeast(1)));
    static final ParamSpec<Double> LENGTH_MIN_CORRELATION = add(real("length.min_correlation", 0.99).check(in("(0,1]")));
    static final ParamSpec<Double> OPCODE_MAX_ENTROPY = add(real("opcode.max_entropy", 0.5).check(in("(0,1]"))
            .improved(0.8));
    static final ParamSpec<Boolean> FIELDTYPE_MERGE_CONSTANTS = add(flag("fieldtype.merge_constants", true));
    static final ParamSpec<Double> PERIODIC_MAX_CV = add(real("periodic.max_cv", 0.2).check(above(0)));
    static final ParamSpec<Double> PERIODIC_MIN_SPAN = add(real("periodic.min_span", 0.0).check(in("[0,1]"))
            .improved(0.5));
    static final ParamSpec<Double> TRIGGER_MAX_GAP_S = add(real("trigger.max_gap_s", 1.0).check(above(0)));
    static final ParamSpec<Double> TRIGGER_MIN_RATIO = add(real("trigger.min_ratio", 100).check(above(0)));
    static final ParamSpec<Double> MANIFEST_MIN_SHARE = add(real("manifest.min_share", 0.5).check(in("(0,1]")));

    // Endpoints and associations
    static final ParamSpec<Integer> ENDPOINT_MIN_FLOWS = add(integer("endpoint.min_flows", 2).check(atLeast(1)));
    static final ParamSpec<Integer> ENDPOINT_MIN_CLIENTS = add(integer("endpoint.min_clients", 2).check(atLeast(1)));
    static final ParamSpec<Integer> ASSOCIATION_MIN_SERVERS = add(integer("association.min_servers", 3).check(atLeast(2)));
    static final ParamSpec<Integer> ASSOCIATION_MIN_EVIDENCE = add(integer("association.min_evidence", 2).check(atLeast(1)));
    static final ParamSpec<Integer> ENDPOINT_FORMAT_MIN_BYTES = add(integer("endpoint.format_min_bytes", 3)
            .check(atLeast(1)));
    static final ParamSpec<Boolean> OPCODE_REJECT_FLOW_IDS = add(flag("opcode.reject_flow_ids", false).improved(true));
    static final ParamSpec<Boolean> OPCODE_PREFER_VARYING = add(flag("opcode.prefer_varying", false).improved(true));
    static final ParamSpec<Double> BITS_MIN_SHARE = add(real("bits.min_share", 0.0).check(in("[0,0.5)"))
            .improved(0.05));
    static final ParamSpec<Integer> BITS_MIN_MESSAGES = add(integer("bits.min_messages", 100).check(atLeast(2)));
    static final ParamSpec<Double> BITS_MIN_P = add(real("bits.min_p", 0.001).check(in("(0,1)")));

    // Structure evidence (segment.evidence)
    static final ParamSpec<Boolean> SEGMENT_EVIDENCE = add(flag("segment.evidence", false));
    static final ParamSpec<Double> EVIDENCE_COLUMN_DELTA = add(real("evidence.column_delta", 0.05).check(atLeast(0)));
    static final ParamSpec<Integer> EVIDENCE_COLUMN_MIN_MESSAGES = add(integer("evidence.column_min_messages", 5)
            .check(atLeast(1)));
    static final ParamSpec<Double> EVIDENCE_NUMBER_ZERO_SHARE = add(real("evidence.number_zero_share", 0.9)
            .check(in("(0,1]")));
    static final ParamSpec<Integer> EVIDENCE_NUMBER_ALIGN = add(integer("evidence.number_align", 2).check(atLeast(1)));
    static final ParamSpec<Integer> EVIDENCE_TEXT_MIN_RUN = add(integer("evidence.text_min_run", 6).check(atLeast(2)));
    static final ParamSpec<Integer> EVIDENCE_OPAQUE_WINDOW = add(integer("evidence.opaque_window", 64)
            .check(atLeast(0).orOff()));
    static final ParamSpec<Double> EVIDENCE_OPAQUE_DISTINCT = add(real("evidence.opaque_distinct", 0.8)
            .check(in("(0,1]")));
    static final ParamSpec<Integer> EVIDENCE_TLV_MIN_ELEMENTS = add(integer("evidence.tlv_min_elements", 4)
            .check(atLeast(0).orOff()));
    static final ParamSpec<Double> EVIDENCE_TLV_MIN_SHARE = add(real("evidence.tlv_min_share", 0.5).check(in("(0,1]")));

    // Text protocols
    static final ParamSpec<Integer> TEXT_SCOPE = add(integer("text.scope", 64).check(in("[3,1500]")));
    static final ParamSpec<Integer> TEXT_MIN_OCCURRENCES = add(integer("text.min_occurrences", 2).check(atLeast(1)));
    static final ParamSpec<Double> TEXT_TASK_MIN_SHARE = add(real("text.task_min_share", 0.8).check(in("(0,1]")));
    static final ParamSpec<Double> TEXT_MIN_LINE_SHARE = add(real("text.min_line_share", 0.5).check(in("(0,1]")));

    // Refinement (segment.refine=field_types) and length relations
    static final ParamSpec<Double> SEGMENT_GROUP_PURITY = add(real("segment.group_purity", 0.99)
            .check(in("[0,1]").orOff()));
    static final ParamSpec<Double> LENGTH_EXACT_SHARE = add(real("length.exact_share", 0)
            .check(in("[0,1]").orOff()).improved(0.99));
    static final ParamSpec<Integer> LENGTH_MAX_FACTOR = add(integer("length.max_factor", 16).check(atLeast(1)));

    // Structure evidence, second round
    static final ParamSpec<Double> EVIDENCE_CONSTANT_SPLIT = add(real("evidence.constant_split", 0.5)
            .check(in("[0,1]").orOff()));
    static final ParamSpec<Double> EVIDENCE_OPAQUE_KEEP = add(real("evidence.opaque_keep", 0.5).check(in("(0,1]")));
    static final ParamSpec<Integer> EVIDENCE_ZERO_RUN = add(integer("evidence.zero_run", 8).check(atLeast(0).orOff()));
    static final ParamSpec<Integer> EVIDENCE_LENGTH_MAX_OFFSET = add(integer("evidence.length_max_offset", 32)
            .check(atLeast(0).orOff()));
    static final ParamSpec<Double> EVIDENCE_LENGTH_SHARE = add(real("evidence.length_share", 0.7).check(in("(0,1]")));
    static final ParamSpec<Integer> EVIDENCE_LENGTH_MIN_VALUES = add(integer("evidence.length_min_values", 3)
            .check(atLeast(1)));
    static final ParamSpec<Double> EVIDENCE_RECORD_MATCH = add(real("evidence.record_match", 0.4)
            .check(in("[0,1]").orOff()));
    static final ParamSpec<Integer> EVIDENCE_RECORD_MIN_COUNT = add(integer("evidence.record_min_count", 4)
            .check(atLeast(2)));
    static final ParamSpec<Integer> EVIDENCE_RECORD_MIN_SIZE = add(integer("evidence.record_min_size", 4)
            .check(atLeast(1)));
    static final ParamSpec<Integer> EVIDENCE_RECORD_MAX_SIZE = add(integer("evidence.record_max_size", 64)
            .check(atLeast(EVIDENCE_RECORD_MIN_SIZE)));

    // Length-prefix framing of TCP streams (segment.refine=field_types)
    static final ParamSpec<Integer> FRAMING_MAX_OFFSET = add(integer("framing.max_offset", 4).check(in("[0,64]")));
    static final ParamSpec<Integer> FRAMING_MAX_ADJUST = add(integer("framing.max_adjust", 8).check(in("[0,1024]")));
    static final ParamSpec<Integer> FRAMING_MAX_FRAME = add(integer("framing.max_frame", 16 << 20).check(atLeast(1)));
    static final ParamSpec<Integer> FRAMING_MIN_FRAMES = add(integer("framing.min_frames", 3).check(atLeast(1)));
    static final ParamSpec<Integer> FRAMING_MIN_STREAMS = add(integer("framing.min_streams", 2).check(atLeast(1)));
    static final ParamSpec<Double> FRAMING_MIN_SHARE = add(real("framing.min_share", 0.5).check(in("(0,1]")));
    static final ParamSpec<Integer> FRAMING_SAMPLE_FRAMES = add(integer("framing.sample_frames", 64).check(atLeast(1)));
    static final ParamSpec<Integer> FRAMING_STARTS = add(integer("framing.starts", 2).check(atLeast(0).orOff()));

    // Structure evidence, third round
    static final ParamSpec<Integer> EVIDENCE_ZERO_ALIGN = add(integer("evidence.zero_align", 2)
            .check(atLeast(0).orOff()));
    static final ParamSpec<Boolean> EVIDENCE_LENGTH_SUM = add(flag("evidence.length_sum", true));
    static final ParamSpec<Integer> EVIDENCE_REPEAT_ANCHOR = add(integer("evidence.repeat_anchor", 8)
            .check(atLeast(0).orOff()));
    static final ParamSpec<Integer> EVIDENCE_REPEAT_FROM = add(integer("evidence.repeat_from", 32).check(atLeast(1)));
    static final ParamSpec<Double> EVIDENCE_REPEAT_MATCH = add(real("evidence.repeat_match", 0.6)
            .check(in("(0,1]")));
    static final ParamSpec<Boolean> EVIDENCE_TLV_FLAT_SPLIT = add(flag("evidence.tlv_flat_split", true));

    // Format peeling (HeaderFormatInference)
    static final ParamSpec<Integer> FORMAT_MAX_FORMATS = add(integer("format.max_formats", 6).check(atLeast(1)));
    static final ParamSpec<Integer> FORMAT_MIN_PACKETS = add(integer("format.min_packets", 20).check(atLeast(1)));
    static final ParamSpec<Integer> FORMAT_SCOPE = add(integer("format.scope", 0).check(atLeast(0).orOff()));

    private ParameterTable() {
    }

    /** Gives {@code spec} the next position; keys are unique. */
    private static <T> ParamSpec<T> add(ParamSpec<T> spec) {
        ParamSpec<T> s = spec.at(DECLARED.size());
        if (BY_KEY.putIfAbsent(s.key(), s) != null) {
            throw new IllegalStateException("parameter declared twice: " + s.key());
        }
        DECLARED.add(s);
        return s;
    }

    /** Every parameter, in the order of {@link Parameters#KEYS}. */
    static List<ParamSpec<?>> all() {
        return Collections.unmodifiableList(DECLARED);
    }

    /** The keys in their stable order. */
    static List<String> keys() {
        return List.copyOf(BY_KEY.keySet());
    }

    /** The parameter named {@code key} exactly, or null. */
    static ParamSpec<?> find(String key) {
        return BY_KEY.get(key);
    }

    /** Nearest known key by edit distance, if close enough to be a plausible typo; else null. */
    static String closest(String key) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        for (String k : BY_KEY.keySet()) {
            int d = distance.apply(key, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }
}
