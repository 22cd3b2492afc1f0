package org.chatdissect.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The two parameter tables of the docs (docs/cli.md, docs/design/inference.md: the table whose header starts
 * {@code | key | default}) list every parameter, no other, with its default. A row may name several keys and
 * their defaults, comma-separated ({@code | a.x, a.y | 0.5, 4 |}); a default is compared by its first word, as a
 * number where both are numbers ({@code 0.10} = {@code 0.1}, {@code 16 (or ALL)} = {@code 16}). Skipped where the
 * docs are not beside the module (a packaged source tree).
 */
class ParameterDocsTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void cliReferenceListsEveryParameterWithItsDefault() throws IOException {
        checkTable(DOCS.resolve("cli.md"));
    }

    @Test
    void designNotesListEveryParameterWithItsDefault() throws IOException {
        checkTable(DOCS.resolve("design").resolve("inference.md"));
    }

    /** cli.md spells out the improved preset as {@code `key=value`} for each parameter it changes. */
    @Test
    void cliReferenceSpellsOutTheImprovedPreset() throws IOException {
        Path file = DOCS.resolve("cli.md");
        Assumptions.assumeTrue(Files.isRegularFile(file), "docs missing: skipping");
        String text = Files.readString(file);
        Map<String, String> defaults = Parameters.defaults().toMap();
        Map<String, String> improved = Parameters.improved().toMap();
        int changed = 0;
        for (String key : Parameters.KEYS) {
            if (!improved.get(key).equals(defaults.get(key))) {
                changed++;
                String setting = "`" + key + "=" + improved.get(key) + "`";
                assertTrue(text.contains(setting), file + " does not mention " + setting + " (--preset improved)");
            }
        }
        assertTrue(changed > 0);
    }

    private static void checkTable(Path file) throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(file), "docs missing: skipping");
        Map<String, String> documented = parameterTable(file);
        Map<String, String> defaults = Parameters.defaults().toMap();
        Set<String> missing = new TreeSet<>(defaults.keySet());
        missing.removeAll(documented.keySet());
        assertEquals(Set.of(), missing, file + ": parameters missing from the parameter table");
        Set<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(defaults.keySet());
        assertEquals(Set.of(), unknown, file + ": keys in the parameter table that are no parameters");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> e : documented.entrySet()) {
            String want = defaults.get(e.getKey());
            if (!sameValue(e.getValue(), want)) {
                wrong.add(e.getKey() + ": documented " + e.getValue() + ", default " + want);
            }
        }
        assertEquals(List.of(), wrong, file + ": defaults in the parameter table");
    }

    /** Key to the first word of its default, from the table after the {@code | key | default} header. */
    private static Map<String, String> parameterTable(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            if (lines.get(i).replace(" ", "").startsWith("|key|default|")) {
                header = i;
            }
        }
        assertTrue(header >= 0, file + ": no table with header '| key | default | ...'");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            String[] keys = cells[1].replace("`", "").split(",");
            String[] values = cells[2].replace("`", "").split(",");
            assertEquals(keys.length, values.length, file + ": keys and defaults of row " + lines.get(i));
            for (int k = 0; k < keys.length; k++) {
                String key = keys[k].trim();
                assertFalse(out.containsKey(key), file + ": " + key + " twice");
                out.put(key, values[k].trim().split("\\s+")[0]);
            }
        }
        return out;
    }

    private static boolean sameValue(String documented, String actual) {
        if (documented.equalsIgnoreCase(actual)) {
            return true;
        }
        try {
            return Double.parseDouble(documented) == Double.parseDouble(actual);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
