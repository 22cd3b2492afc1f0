package org.chatdissect.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The presets' {@code toMap()} as they were before the parameter table: signature provenance and golden outputs
 * record these strings, so keys, order and string forms must not change by accident.
 */
class ParameterTableTest {
    /** {@code Parameters.defaults().toMap()}, one {@code key=value} a line, in order. */
    static final String DEFAULTS = """
            lcs.min_length=4
            lcs.min_coverage=0.05
            keyword.few_values_max=4
            keyword.min_host_labels=2
            ve.window=10
            ve.min_votes=6
            ve.max_field_length=4
            ve.stat_sample=100000
            segment.iteration=subcorpus
            segment.min_coverage=0.1
            segment.scope=16
            segment.refine=none
            segment.leading=own_message
            reqresp.max_run=3
            length.min_correlation=0.99
            opcode.max_entropy=0.5
            fieldtype.merge_constants=true
            periodic.max_cv=0.2
            trigger.max_gap_s=1.0
            trigger.min_ratio=100.0
            manifest.min_share=0.5
            endpoint.min_flows=2
            endpoint.min_clients=2
            association.min_servers=3
            association.min_evidence=2
            endpoint.format_min_bytes=3
            opcode.reject_flow_ids=false
            segment.evidence=false
            evidence.column_delta=0.05
            evidence.column_min_messages=5
            evidence.number_zero_share=0.9
            evidence.number_align=2
            evidence.text_min_run=6
            evidence.opaque_window=64
            evidence.opaque_distinct=0.8
            evidence.tlv_min_elements=4
            evidence.tlv_min_share=0.5
            text.scope=64
            text.min_occurrences=2
            text.task_min_share=0.8
            text.min_line_share=0.5
            segment.group_purity=0.99
            length.exact_share=0.0
            length.max_factor=16
            evidence.constant_split=0.5
            evidence.opaque_keep=0.5
            evidence.zero_run=8
            evidence.length_max_offset=32
            evidence.length_share=0.7
            evidence.length_min_values=3
            evidence.record_match=0.4
            evidence.record_min_count=4
            evidence.record_min_size=4
            evidence.record_max_size=64
            framing.max_offset=4
            framing.max_adjust=8
            framing.max_frame=16777216
            framing.min_frames=3
            framing.min_streams=2
            framing.min_share=0.5
            framing.sample_frames=64
            framing.starts=2
            """;

    /** What {@code Parameters.improved()} changes. */
    static final Map<String, String> IMPROVED = Map.of(
            "segment.refine", "field_types",
            "opcode.max_entropy", "0.8",
            "opcode.reject_flow_ids", "true",
            "length.exact_share", "0.99");

    @Test
    void defaultsMapIsPinned() {
        Map<String, String> want = parse(DEFAULTS);
        Map<String, String> got = Parameters.defaults().toMap();
        assertEquals(List.copyOf(want.entrySet()), List.copyOf(got.entrySet()));
        assertEquals(List.copyOf(want.keySet()), Parameters.KEYS);
    }

    @Test
    void improvedMapIsPinned() {
        Map<String, String> want = parse(DEFAULTS);
        want.putAll(IMPROVED);
        Map<String, String> got = Parameters.improved().toMap();
        assertEquals(List.copyOf(want.entrySet()), List.copyOf(got.entrySet()));
    }

    private static Map<String, String> parse(String lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines.lines().toList()) {
            int eq = line.indexOf('=');
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }
}
