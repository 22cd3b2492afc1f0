package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.ManifestEntry;

/**
 * Direct field inspection (section III-A1) of an application's own text protocol: the first line of each text
 * message (printable ASCII before a CR LF within {@code text.scope} bytes, {@link org.chatdissect.core.inspect.TextLine})
 * is a field like an HTTP method, and few-valued fields give their values as keywords.
 *
 * <p><b>Text flows.</b> A TCP flow is a text flow when its first payload has a line (the TCP rule of section
 * III-B: chat flows start with a protocol message). All lines of text flows are the material; a flow of binary
 * messages that starts with a text registration ({@code audio send\r\n\r\n<room>}) counts
 * too, with its one line.
 *
 * <p><b>Keywords: few-valued word prefixes.</b> Lines are split into words at spaces and put in a word trie.
 * Walking down from the root, a node (a prefix of whole words) is kept as a keyword when the words that follow it
 * are many-valued (more than {@code keyword.few_values_max}: arguments such as SMTP's {@code MAIL FROM:<...>}
 * or SIP's request URI), when lines end there ({@code create room} is a whole line), or when some of its
 * continuations are too rare to stand alone; few-valued continuations seen at least {@code text.min_occurrences}
 * times are walked into. The root is never a keyword (every line would match), and a prefix seen fewer than
 * {@code text.min_occurrences} times is noise. A keyword matches a line equal to it or followed by a space
 * (the store's {@code TextSignatures} rule), so a command keyword covers its arguments.
 *
 * <p><b>Tasks.</b> Like opcodes (section III-A4), lines are correlated with the manifest: each occurrence of a line
 * is attributed to its longest keyword, and it is inside a task when it falls in one of that task's intervals
 * run by the flow's client (the manifest's client column, when given). A keyword names the task holding at least
 * {@code text.task_min_share} of its occurrences. Why not the opcode correlator's "first request in the task's
 * intervals" rule: tasks may be episodes that share their opening command ({@code create room}
 * opens hosting, screen sharing and management alike), so the first line names no task, while a line found only
 * inside one task's episodes ({@code set admin}, {@code screen send}) does. A line shared by several tasks keeps
 * no task (the matcher then names its messages by the line itself) rather than the most frequent task's name,
 * which would be wrong for the others.
 *
 * <p><b>Header learning.</b> A text flow whose payloads are at least {@code text.min_line_share} text lines is a
 * text-protocol flow: the text keywords describe it and it is left out of header-format learning. Flows with a
 * text registration followed by binary frames stay, so their binary headers can still be learnt.
 */
public final class TextLineInference {
    /**
     * What text-line inference reads of Table II: {@code keyword.few_values_max}, {@code text.min_line_share},
     * {@code text.min_occurrences}, {@code text.task_min_share}.
     */
    public record Config(int keywordFewValuesMax, double textMinLineShare, int textMinOccurrences,
            double textTaskMinShare) {
        public static Config of(Parameters p) {
            return new Config(p.keywordFewValuesMax(), p.textMinLineShare(), p.textMinOccurrences(),
                    p.textTaskMinShare());
        }
    }

    private final Config params;
    private final List<ManifestEntry> manifest;

    /**
     * What was learnt: the {@code text.line} keywords, the ids of all text flows (the text signature describes them:
     * other inferences, such as endpoint signatures, can leave them out) and of the text-protocol flows among them.
     */
    public record Result(List<LearnedKeyword> keywords, Set<Long> textFlowIds, Set<Long> textOnlyFlows, long lines) {
        public int textFlows() {
            return textFlowIds.size();
        }
    }

    public TextLineInference(Config params, List<ManifestEntry> manifest) {
        this.params = params;
        this.manifest = List.copyOf(manifest);
    }

    /** One node of the word trie: a prefix of whole words. */
    private static final class Node {
        final String prefix;
        final Map<String, Node> children = new TreeMap<>();
        int count;
        int ends;

        Node(String prefix) {
            this.prefix = prefix;
        }
    }

    Result learn(List<FlowSamples> tcpFlows) {
        List<FlowSamples> text = new ArrayList<>();
        Set<Long> textIds = new HashSet<>();
        Set<Long> textOnly = new HashSet<>();
        long lines = 0;
        Node root = new Node("");
        for (FlowSamples f : tcpFlows) {
            if (f.lines.isEmpty() || f.lines.get(0).packet() != 0) {
                continue;
            }
            text.add(f);
            textIds.add(f.id);
            if (org.chatdissect.core.inspect.TextLine.textOnly(true, f.lines.size(), f.packets.size(),
                    params.textMinLineShare())) {
                textOnly.add(f.id);
            }
            for (FlowSamples.Line l : f.lines) {
                add(root, l.text());
                lines++;
            }
        }
        List<String> values = new ArrayList<>();
        for (Node c : root.children.values()) {
            select(c, values);
        }
        values.sort(null);
        List<LearnedKeyword> out = new ArrayList<>();
        Map<String, String> tasks = tasks(text, values);
        for (String v : values) {
            int covered = 0;
            for (FlowSamples f : text) {
                if (f.lines.stream().anyMatch(l -> lineMatches(l.text(), v))) {
                    covered++;
                }
            }
            out.add(new LearnedKeyword("text.line", v, (double) covered / text.size(), tasks.get(v)));
        }
        return new Result(out, textIds, textOnly, lines);
    }

    private static void add(Node root, String line) {
        root.count++;
        Node n = root;
        int from = 0;
        while (true) {
            int sp = line.indexOf(' ', from);
            String word = sp < 0 ? line.substring(from) : line.substring(from, sp);
            String prefix = sp < 0 ? line : line.substring(0, sp);
            n = n.children.computeIfAbsent(word, w -> new Node(prefix));
            n.count++;
            if (sp < 0) {
                n.ends++;
                return;
            }
            from = sp + 1;
        }
    }

    private void select(Node n, List<String> out) {
        int min = params.textMinOccurrences();
        if (n.count < min || n.prefix.isEmpty() || n.prefix.length() > MAX_KEYWORD) {
            return;
        }
        int continuations = n.children.size() + (n.ends > 0 ? 1 : 0);
        if (continuations > params.keywordFewValuesMax()) {
            out.add(n.prefix); // the words after it are arguments
            return;
        }
        boolean rareChild = false;
        for (var c : n.children.entrySet()) {
            // an empty word (two spaces) cannot end a keyword: the store's match rule needs a space after it
            if (c.getValue().count < min || c.getKey().isEmpty() || c.getValue().prefix.length() > MAX_KEYWORD) {
                rareChild = true;
            }
        }
        if (n.ends > 0 || rareChild) {
            out.add(n.prefix);
        }
        for (var c : n.children.entrySet()) {
            if (!c.getKey().isEmpty()) {
                select(c.getValue(), out);
            }
        }
    }

    /** Longest keyword value in the signature file format. */
    static final int MAX_KEYWORD = 255;

    /** The store's rule: the line equals the keyword or starts with it followed by a space. */
    static boolean lineMatches(String line, String keyword) {
        return line.equals(keyword) || line.length() > keyword.length() && line.startsWith(keyword)
                && line.charAt(keyword.length()) == ' ';
    }

    /** Task of each keyword that holds at least text.task_min_share of its occurrences in one task's intervals. */
    private Map<String, String> tasks(List<FlowSamples> text, List<String> values) {
        Map<String, String> out = new HashMap<>();
        if (manifest.isEmpty()) {
            return out;
        }
        Map<String, Map<String, Integer>> inside = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        for (FlowSamples f : text) {
            for (FlowSamples.Line l : f.lines) {
                String k = longest(l.text(), values);
                if (k == null) {
                    continue;
                }
                total.merge(k, 1, Integer::sum);
                String task = taskAt(l.tsNanos() / 1e9, f.client);
                if (task != null) {
                    inside.computeIfAbsent(k, x -> new TreeMap<>()).merge(task, 1, Integer::sum);
                }
            }
        }
        for (var e : inside.entrySet()) {
            int n = total.get(e.getKey());
            String best = null;
            int bestCount = 0;
            for (var t : e.getValue().entrySet()) {
                if (t.getValue() > bestCount) {
                    best = t.getKey();
                    bestCount = t.getValue();
                }
            }
            if (best != null && bestCount >= params.textTaskMinShare() * n) {
                out.put(e.getKey(), best);
            }
        }
        return out;
    }

    private static String longest(String line, List<String> values) {
        String best = null;
        for (String v : values) {
            if (lineMatches(line, v) && (best == null || v.length() > best.length())) {
                best = v;
            }
        }
        return best;
    }

    /** The task whose interval (run by this client, when the manifest names clients) holds time t, or null. */
    private String taskAt(double t, String client) {
        for (ManifestEntry m : manifest) {
            if (t >= m.start() && t <= m.end()
                    && (m.client() == null || m.client().isEmpty() || m.client().equals(client))) {
                return m.task();
            }
        }
        return null;
    }
}
