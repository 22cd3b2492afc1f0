package org.chatdissect.core.semantics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.semantics.OpcodeSemantics.Kind;

/**
 * Section III-A4: correlates opcodes with tasks from the experiment manifest, and finds periodic (CV of
 * inter-arrival times) and triggered (Sherlock's dependency ratio) system tasks.
 *
 * <p>Precedence: USER first: per task, the opcode most often the first request inside the task's intervals, among
 * opcodes whose requests fall mostly (at least {@code manifest.min_share}) inside that task's intervals (a
 * heartbeat lands in some intervals but mostly outside them) and, unless nothing else qualifies, not found
 * triggered by Sherlock (a sync that follows login is inside login's intervals too); it must be first in at least
 * {@code manifest.min_share} of the intervals. Manifest evidence beats periodicity because scripted experiments
 * repeat tasks at near-regular intervals. Then PERIODIC (CV below the threshold in every flow with three or more
 * occurrences), then TRIGGERED (best ratio wins; a trigger that is a task's USER opcode is named by the task),
 * else UNKNOWN.
 */
public final class OpcodeCorrelator {
    /** Co-occurrences needed before a ratio counts, so one coincidence cannot make a trigger. */
    static final int MIN_SUPPORT = 3;

    /**
     * What the correlator reads of Table II: {@code periodic.max_cv}, {@code trigger.max_gap_s},
     * {@code trigger.min_ratio}, {@code manifest.min_share}; and ours, {@code periodic.min_span}.
     */
    public record Config(double periodicMaxCv, double triggerMaxGapSeconds, double triggerMinRatio,
            double manifestMinShare, double periodicMinSpan) {
        public static Config of(Parameters p) {
            return new Config(p.periodicMaxCv(), p.triggerMaxGapSeconds(), p.triggerMinRatio(), p.manifestMinShare(),
                    p.periodicMinSpan());
        }
    }

    private final Config params;

    public OpcodeCorrelator(Config params) {
        this.params = params;
    }

    public List<OpcodeSemantics> correlate(List<OpcodeEvent> events, List<ManifestEntry> manifest) {
        Map<String, List<OpcodeEvent>> byOp = new TreeMap<>();
        for (OpcodeEvent e : events) {
            byOp.computeIfAbsent(e.opcodeHex(), k -> new ArrayList<>()).add(e);
        }
        // each flow's activity, first to last message of any opcode: a periodic series lasts as long as its flow
        Map<Long, double[]> flowSpan = new HashMap<>();
        for (OpcodeEvent e : events) {
            double t = e.tsNanos() / 1e9;
            double[] span = flowSpan.computeIfAbsent(e.flowId(), k -> new double[] {t, t});
            span[0] = Math.min(span[0], t);
            span[1] = Math.max(span[1], t);
        }
        Map<String, Double> periods = new HashMap<>();
        for (var e : byOp.entrySet()) {
            Double p = period(e.getValue(), flowSpan);
            if (p != null) {
                periods.put(e.getKey(), p);
            }
        }
        Map<String, double[]> requestTimes = new TreeMap<>();
        for (var e : byOp.entrySet()) {
            double[] ts = e.getValue().stream().filter(OpcodeEvent::request).mapToDouble(x -> x.tsNanos() / 1e9)
                    .sorted().toArray();
            if (ts.length > 0) {
                requestTimes.put(e.getKey(), ts);
            }
        }
        double span = span(events);
        Map<String, Trigger> triggers = new HashMap<>();
        for (String o : requestTimes.keySet()) {
            Trigger t = bestTrigger(o, requestTimes, span);
            if (t != null) {
                triggers.put(o, t);
            }
        }
        Map<String, String> userTask = userOpcodes(events, manifest, triggers.keySet());
        Map<String, String> taskOf = new HashMap<>();
        userTask.forEach((op, task) -> taskOf.put(op, task));
        List<OpcodeSemantics> out = new ArrayList<>();
        for (String op : byOp.keySet()) {
            if (userTask.containsKey(op)) {
                out.add(new OpcodeSemantics(op, userTask.get(op), Kind.USER, null, null));
            } else if (periods.containsKey(op)) {
                out.add(new OpcodeSemantics(op, null, Kind.PERIODIC, periods.get(op), null));
            } else if (triggers.containsKey(op)) {
                String t = triggers.get(op).opcode;
                out.add(new OpcodeSemantics(op, null, Kind.TRIGGERED, null, taskOf.getOrDefault(t, t)));
            } else {
                out.add(new OpcodeSemantics(op, null, Kind.UNKNOWN, null, null));
            }
        }
        return out;
    }

    /**
     * Mean inter-arrival if the CV is below the threshold in every flow with at least three occurrences, and (ours,
     * {@code periodic.min_span}) in each of them the occurrences cover at least that share of the flow's activity: a
     * burst of regularly spaced requests inside one episode (a message sent three times, a list fetched page by page)
     * has a small CV too, but a heartbeat recurs for as long as its flow lives.
     */
    Double period(List<OpcodeEvent> occurrences, Map<Long, double[]> flowSpan) {
        // Requests only when there are any: a response 50 ms after each request would make every CV huge.
        boolean anyRequest = occurrences.stream().anyMatch(OpcodeEvent::request);
        Map<Long, List<Double>> byFlow = new TreeMap<>();
        for (OpcodeEvent e : occurrences) {
            if (anyRequest && !e.request()) {
                continue;
            }
            byFlow.computeIfAbsent(e.flowId(), k -> new ArrayList<>()).add(e.tsNanos() / 1e9);
        }
        double sum = 0;
        int n = 0;
        for (Map.Entry<Long, List<Double>> f : byFlow.entrySet()) {
            List<Double> ts = f.getValue();
            if (ts.size() < 3) {
                continue;
            }
            double[] t = ts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] span = flowSpan.get(f.getKey());
            if (span != null && t[t.length - 1] - t[0] < params.periodicMinSpan() * (span[1] - span[0])) {
                return null;
            }
            double[] gaps = new double[t.length - 1];
            for (int i = 1; i < t.length; i++) {
                gaps[i - 1] = t[i] - t[i - 1];
            }
            double mean = new Mean().evaluate(gaps);
            // the population deviation: the gaps seen are all the gaps of the flow, not a sample of them
            double sd = new StandardDeviation(false).evaluate(gaps);
            if (mean <= 0 || sd / mean >= params.periodicMaxCv()) {
                return null;
            }
            sum += Arrays.stream(gaps).sum();
            n += gaps.length;
        }
        return n == 0 ? null : sum / n;
    }

    private record Trigger(String opcode, double ratio, int support) {}

    /**
     * Sherlock: P(O within gap after T) over the chance of O in a random window of that length (O's rate × gap).
     */
    private Trigger bestTrigger(String o, Map<String, double[]> times, double span) {
        double gap = params.triggerMaxGapSeconds();
        double[] ot = times.get(o);
        double base = Math.min(1.0, ot.length / span * gap);
        Trigger best = null;
        for (var e : times.entrySet()) {
            if (e.getKey().equals(o)) {
                continue;
            }
            int hits = 0;
            for (double t : e.getValue()) {
                int i = Arrays.binarySearch(ot, Math.nextUp(t));
                int ins = i >= 0 ? i : -i - 1;
                if (ins < ot.length && ot[ins] > t && ot[ins] - t <= gap) {
                    hits++;
                }
            }
            double ratio = (double) hits / e.getValue().length / base;
            if (hits >= MIN_SUPPORT && ratio >= params.triggerMinRatio()
                    && (best == null || ratio > best.ratio || ratio == best.ratio && hits > best.support)) {
                best = new Trigger(e.getKey(), ratio, hits);
            }
        }
        return best;
    }

    private Map<String, String> userOpcodes(List<OpcodeEvent> events, List<ManifestEntry> manifest,
                                            Set<String> triggered) {
        List<OpcodeEvent> requests = new ArrayList<>(events.stream().filter(OpcodeEvent::request).toList());
        requests.sort(Comparator.comparingLong(OpcodeEvent::tsNanos).thenComparing(OpcodeEvent::opcodeHex));
        double[] ts = requests.stream().mapToDouble(e -> e.tsNanos() / 1e9).toArray();
        Map<String, List<ManifestEntry>> byTask = new TreeMap<>();
        for (ManifestEntry m : manifest) {
            byTask.computeIfAbsent(m.task(), k -> new ArrayList<>()).add(m);
        }
        Map<String, String> out = new TreeMap<>();
        Set<String> taken = new HashSet<>();
        for (var e : byTask.entrySet()) {
            Set<String> outsiders = mostlyOutside(e.getValue(), requests, ts);
            Set<String> excluded = new HashSet<>(outsiders);
            excluded.addAll(triggered);
            String op = firstOpcode(e.getValue(), requests, ts, excluded, taken);
            if (op == null) {
                op = firstOpcode(e.getValue(), requests, ts, outsiders, taken);
            }
            if (op != null) {
                out.put(op, e.getKey());
                taken.add(op);
            }
        }
        return out;
    }

    private String firstOpcode(List<ManifestEntry> intervals, List<OpcodeEvent> requests, double[] ts,
                               Set<String> excluded, Set<String> taken) {
        Map<String, Integer> firstCount = new TreeMap<>();
        for (ManifestEntry m : intervals) {
            int i = Arrays.binarySearch(ts, m.start());
            i = i >= 0 ? i : -i - 1;
            while (i > 0 && ts[i - 1] >= m.start()) {
                i--;
            }
            for (; i < ts.length && ts[i] <= m.end(); i++) {
                String op = requests.get(i).opcodeHex();
                if (!excluded.contains(op) && !taken.contains(op)) {
                    firstCount.merge(op, 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestCount = 0;
        for (var c : firstCount.entrySet()) {
            if (c.getValue() > bestCount) {
                best = c.getKey();
                bestCount = c.getValue();
            }
        }
        return bestCount >= params.manifestMinShare() * intervals.size() ? best : null;
    }

    /** Opcodes whose requests fall inside these intervals less than {@code manifest.min_share} of the time. */
    private Set<String> mostlyOutside(List<ManifestEntry> intervals, List<OpcodeEvent> requests, double[] ts) {
        Map<String, int[]> inOut = new HashMap<>();
        for (int i = 0; i < ts.length; i++) {
            boolean inside = false;
            for (ManifestEntry m : intervals) {
                if (ts[i] >= m.start() && ts[i] <= m.end()) {
                    inside = true;
                    break;
                }
            }
            inOut.computeIfAbsent(requests.get(i).opcodeHex(), k -> new int[2])[inside ? 0 : 1]++;
        }
        Set<String> out = new HashSet<>();
        inOut.forEach((op, c) -> {
            if (c[0] < params.manifestMinShare() * (c[0] + c[1])) {
                out.add(op);
            }
        });
        return out;
    }

    private static double span(List<OpcodeEvent> events) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (OpcodeEvent e : events) {
            min = Math.min(min, e.tsNanos());
            max = Math.max(max, e.tsNanos());
        }
        return events.isEmpty() ? 1 : Math.max(1e-9, (max - min) / 1e9);
    }
}
