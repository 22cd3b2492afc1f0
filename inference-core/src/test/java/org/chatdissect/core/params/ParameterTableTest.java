package org.chatdissect.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parameter table against the presets' {@code toMap()} as they were before the table (signature provenance and
 * golden outputs record these strings, so keys, order and string forms must not change by accident), and every
 * declared parameter against its accessor in {@link Parameters}.
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
            periodic.min_span=0.0
            trigger.max_gap_s=1.0
            trigger.min_ratio=100.0
            manifest.min_share=0.5
            endpoint.min_flows=2
            endpoint.min_clients=2
            association.min_servers=3
            association.min_evidence=2
            endpoint.format_min_bytes=3
            opcode.reject_flow_ids=false
            opcode.prefer_varying=false
            bits.min_share=0.0
            bits.min_messages=100
            bits.min_p=0.001
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
            evidence.zero_align=2
            evidence.length_sum=true
            evidence.repeat_anchor=8
            evidence.repeat_from=32
            evidence.repeat_match=0.6
            evidence.tlv_flat_split=true
            format.max_formats=6
            format.min_packets=20
            format.scope=0
            """;

    /** What {@code Parameters.improved()} changes. */
    static final Map<String, String> IMPROVED = Map.of(
            "segment.refine", "field_types",
            "opcode.max_entropy", "0.8",
            "opcode.reject_flow_ids", "true",
            "opcode.prefer_varying", "true",
            "periodic.min_span", "0.5",
            "bits.min_share", "0.05",
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

    /**
     * Each declared parameter has exactly one accessor: changing the parameter changes that accessor's value alone,
     * which is the default in {@code defaults()} and the improved value in {@code improved()}. Accessors and keys
     * correspond one to one.
     */
    @Test
    void everyParameterHasOneAccessorReturningItsValue() throws Exception {
        List<Method> accessors = accessors();
        Parameters defaults = Parameters.defaults();
        Parameters improved = Parameters.improved();
        Map<Method, String> keyOf = new HashMap<>();
        for (ParamSpec<?> spec : ParameterTable.all()) {
            Parameters changed = defaults.with(spec.key(), otherValue(spec));
            List<Method> differing = new ArrayList<>();
            for (Method m : accessors) {
                if (!Objects.equals(m.invoke(defaults), m.invoke(changed))) {
                    differing.add(m);
                }
            }
            assertEquals(1, differing.size(), spec.key() + ": accessors that see it: " + differing);
            Method m = differing.get(0);
            assertEquals(null, keyOf.put(m, spec.key()), m.getName() + " reads two parameters");
            assertEquals(spec.defaultValue(), m.invoke(defaults), spec.key() + " default via " + m.getName());
            assertEquals(spec.improvedValue(), m.invoke(improved), spec.key() + " improved via " + m.getName());
            assertEquals(changed.get(spec), m.invoke(changed), spec.key() + " changed via " + m.getName());
        }
        Set<Method> unused = new HashSet<>(accessors);
        unused.removeAll(keyOf.keySet());
        assertEquals(Set.of(), unused, "accessors of no parameter");
    }

    @Test
    void tableIsConsistent() {
        List<ParamSpec<?>> all = ParameterTable.all();
        assertEquals(Parameters.KEYS.size(), all.size());
        for (int i = 0; i < all.size(); i++) {
            ParamSpec<?> spec = all.get(i);
            assertEquals(i, spec.index(), spec.key());
            assertEquals(Parameters.KEYS.get(i), spec.key());
            assertTrue(spec.key().matches("[a-z]+\\.[a-z_]+"), spec.key());
            assertEquals(spec, ParameterTable.find(spec.key()));
            // the text form reads back as the same value
            assertEquals(spec.defaultValue(), spec.parse(spec.format(spec.defaultValue())), spec.key());
            assertEquals(spec.improvedValue(), spec.parse(spec.format(spec.improvedValue())), spec.key());
        }
        assertEquals(null, ParameterTable.find("ve.windw"));
        assertEquals("ve.window", ParameterTable.closest("ve.windw"));
    }

    @Test
    void checksWriteTheirTextFromTheBounds() {
        assertEquals("must be >= 1", Check.atLeast(1).text());
        assertEquals("must be > 0", Check.above(0).text());
        assertEquals("must be in (0,1]", Check.in("(0,1]").text());
        assertEquals("must be in [0,1] (0 = off)", Check.in("[0,1]").orOff().text());
        assertEquals("must be >= 1 or ALL", Check.atLeastOrAll(1).text());
        assertEquals("must be >= evidence.record_min_size", Check.atLeast(ParameterTable.EVIDENCE_RECORD_MIN_SIZE).text());
        Check unit = Check.in("(0,1]");
        assertTrue(unit.ok(1, s -> null));
        assertFalse(unit.ok(0, s -> null));
        Check half = Check.in("[0,1)");
        assertTrue(half.ok(0, s -> null));
        assertFalse(half.ok(1, s -> null));
        assertThrows(IllegalStateException.class, () -> Check.atLeast(1).orOff());
        assertThrows(IllegalStateException.class, () -> ParamSpec.flag("x.y", true).check(Check.atLeast(0)));
        assertThrows(IllegalArgumentException.class, () -> Check.in("0..1"));
    }

    @Test
    void crossCheckFollowsTheOtherParameter() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Parameters.defaults().with("evidence.record_min_size", "100"));
        assertEquals("parameter: parameter 'evidence.record_max_size' must be >= evidence.record_min_size", e.getMessage());
        Parameters p = Parameters.defaults().with("evidence.record_max_size", "200").with("evidence.record_min_size", "100");
        assertEquals(100, p.evidenceRecordMinSize());
    }

    @Test
    void valueEquality() {
        Parameters a = Parameters.defaults().with("ve.window", "8");
        Parameters b = Parameters.fromOverrides(List.of("ve.window=8"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Parameters.defaults());
        assertEquals(Parameters.defaults(), Parameters.defaults().with("ve.window", "10"));
        assertEquals(Parameters.defaults(), Parameters.defaults().with("segment.scope", "16"));
        assertNotEquals(Parameters.defaults(), Parameters.improved());
        assertEquals("Parameters" + a.toMap(), a.toString());
    }

    /** The public instance methods without arguments that return a parameter's value. */
    private static List<Method> accessors() {
        List<Method> out = new ArrayList<>();
        for (Method m : Parameters.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                    && !m.getName().equals("hashCode") && (m.getReturnType().isPrimitive() || m.getReturnType().isEnum())) {
                out.add(m);
            }
        }
        assertTrue(out.size() >= Parameters.KEYS.size(), "accessors found: " + out.size());
        return out;
    }

    /** A valid value of {@code spec} other than its default, as text. */
    private static String otherValue(ParamSpec<?> spec) {
        Object d = spec.defaultValue();
        List<String> candidates = new ArrayList<>();
        if (d instanceof Enum<?> e) {
            for (Object c : e.getDeclaringClass().getEnumConstants()) {
                candidates.add(((Enum<?>) c).name());
            }
        } else {
            candidates.addAll(List.of("true", "false", "1", "2", "3", "5", "0", "0.5", "0.25", "0.9", "100"));
        }
        String current = spec.format(d);
        for (String c : candidates) {
            try {
                String text = Parameters.defaults().with(spec.key(), c).toMap().get(spec.key());
                if (!text.equals(current)) {
                    return c;
                }
            } catch (IllegalArgumentException e) {
                // not valid for this parameter: try the next
            }
        }
        throw new AssertionError(spec.key() + ": no valid value besides the default among " + candidates);
    }
}
