package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chatdissect.core.fieldtype.FormatLearner.FlowPackets;
import org.chatdissect.core.fieldtype.FormatLearner.LearnedFormat;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.fieldtype.FramedFormat;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.params.Parameters.Refine;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.segment.Message;
import org.chatdissect.core.segment.MessageAssembler;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.core.semantics.OpcodeCorrelator;
import org.chatdissect.core.semantics.OpcodeEvent;
import org.chatdissect.core.semantics.OpcodeSemantics;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;

/**
 * Learns the header formats of one transport's flows (sections III-A2 to III-A4).
 *
 * <p>{@link FormatLearner} types the dominant protocol group only, while an application may speak several
 * formats over one transport (the paper's four UDP signature types of Fig. 3 share the relay flows). So formats
 * are peeled: learn the dominant one, take away what it matches (whole flows for TCP, where
 * continuation packets of a matched message would otherwise look like a new random format; matched
 * packets for UDP, where one flow mixes types), and learn again on the rest while it still holds at
 * least the segmentation coverage threshold of the packets.
 */
final class HeaderFormatInference {
    private final Parameters params;
    private final List<ManifestEntry> manifest;
    private final java.util.function.Consumer<String> log;

    HeaderFormatInference(Parameters params, List<ManifestEntry> manifest, java.util.function.Consumer<String> log) {
        this.params = params;
        this.manifest = manifest;
        this.log = log;
    }

    List<HeaderFormat> learn(FlowType type, List<FlowSamples> flows) {
        List<HeaderFormat> peeled = peel(type, flows, new ArrayList<>());
        if (type != FlowType.TCP || params.segmentRefine() == Refine.NONE || params.framingStarts() == 0) {
            return peeled;
        }
        return withFraming(flows, peeled);
    }

    /** Peels formats off {@code flows} (see the class comment), appending them to {@code out}. */
    private List<HeaderFormat> peel(FlowType type, List<FlowSamples> flows, List<HeaderFormat> out) {
        List<FlowSamples> remaining = flows;
        long total = packets(flows);
        for (int round = 0; round < params.formatMaxFormats(); round++) {
            long left = packets(remaining);
            if (left < params.formatMinPackets()) {
                break;
            }
            LearnedFormat lf = new FormatLearner(params).learn(toFlowPackets(remaining));
            Set<Long> anchoredFlows = Set.of();
            Anchored anchor = null;
            if ((lf.messages() == 0 || !hasMatchableField(lf.fields())) && params.segmentRefine() != Refine.NONE) {
                anchor = learnAroundAnchor(remaining, starts(remaining));
                lf = anchor == null ? null : anchor.format();
                anchoredFlows = anchor == null ? Set.of() : anchor.flows();
            }
            log.accept(type + " round " + round + ": " + left + " payloads -> " + (lf == null ? "no format"
                    : lf.messages() + " messages, share " + String.format(java.util.Locale.ROOT, "%.3f", lf.protocolShare())
                    + ", fields " + lf.fields()));
            if (lf == null || lf.messages() == 0 || !hasMatchableField(lf.fields())) {
                if (type == FlowType.TCP && !anchoredFlows.isEmpty() && anchoredFlows.size() < remaining.size()) {
                    // The anchor picked flows whose header cannot be typed into anything to match (media
                    // frames: an 8-byte length and nothing constant besides its zero high bytes).
                    // Set them aside and learn on: other flows of the application may speak a matchable format.
                    Set<Long> aside = anchoredFlows;
                    remaining = remaining.stream().filter(f -> !aside.contains(f.id)).toList();
                    log.accept(type + " round " + round + ": " + anchoredFlows.size() + " anchored flows set aside");
                    continue;
                }
                break;
            }
            long matched = 0;
            long matchedStarts = 0;
            List<FlowSamples> rest = new ArrayList<>();
            List<FlowSamples> matchedFlows = new ArrayList<>();
            for (FlowSamples f : remaining) {
                FlowSamples unmatched = new FlowSamples(f.id, f.protocol, f.client, f.server, f.serverPort);
                unmatched.flowType = f.flowType;
                long m = 0;
                boolean[] st = messageStarts(f);
                for (int i = 0; i < f.packets.size(); i++) {
                    PayloadSample p = f.packets.get(i);
                    if (HeaderMatch.matches(p.prefix(), lf.fields())) {
                        m++;
                        matchedStarts += st[i] ? 1 : 0;
                    } else {
                        unmatched.packets.add(p);
                    }
                }
                matched += m;
                if (m > 0) {
                    matchedFlows.add(f);
                }
                if (f.tcp() ? m == 0 : !unmatched.packets.isEmpty()) {
                    rest.add(f.tcp() ? f : unmatched);
                }
            }
            // TCP: coverage among the payloads that can start a message, so that a format whose messages are long
            // (a 5-byte header before a 60 KB screenshot in 40 segments) is judged by its messages, not its bytes
            double coverage = type == FlowType.TCP ? (double) matchedStarts / Math.max(1, starts(remaining))
                    : (double) matched / left;
            if (matched == 0 || coverage < params.segmentMinCoverage()) {
                log.accept(type + " round " + round + ": format matches " + matched + " of " + left + " payloads, below coverage; stop");
                break;
            }
            List<LearnedFormat> learnt = type == FlowType.UDP ? splitByDirection(lf, remaining)
                    : anchor != null ? tcpByDirection(anchor) : List.of(lf);
            for (LearnedFormat part : learnt) {
                List<FlowSamples> partFlows = learnt.size() == 1 ? matchedFlows : matchingFlows(remaining, part.fields());
                long partMatched = learnt.size() == 1 ? matched : packetsMatching(remaining, part.fields());
                String name = out.isEmpty() ? type.name() : type.name() + "-" + (out.size() + 1);
                out.add(new HeaderFormat(name, type, scopeOf(part), part.fields(), opcodes(partFlows, part.fields()),
                        servers(type == FlowType.TCP ? openedBy(partFlows, part.fields()) : partFlows),
                        (double) partMatched / total, part.messages()));
            }
            remaining = rest;
        }
        return out;
    }

    /**
     * When one transport carries several formats in the same flows (heartbeats, content and
     * signaling sharing relay flows, as in the paper's Fig. 3), no byte is constant over all packets and VE finds no dominant group.
     * The most frequent (offset, byte value) pair that random bytes cannot explain then anchors one
     * format: learning runs on the packets carrying it (whole flows for TCP, where continuation packets
     * are needed for message lengths). Only with {@code segment.refine=field_types}.
     */
    private Anchored learnAroundAnchor(List<FlowSamples> flows, long left) {
        int scope = params.segmentScope() == 0 ? 16 : params.segmentScope();
        long[][] counts = new long[scope][256];
        for (FlowSamples f : flows) {
            boolean[] st = messageStarts(f);
            for (int k = 0; k < f.packets.size(); k++) {
                if (!st[k]) {
                    continue; // the middle of a long TCP message holds no header
                }
                byte[] pre = f.packets.get(k).prefix();
                for (int i = 0; i < Math.min(scope, pre.length); i++) {
                    counts[i][pre[i] & 0xff]++;
                }
            }
        }
        int bestPos = -1;
        int bestVal = -1;
        long best = Math.max(params.formatMinPackets(), (long) Math.ceil(params.segmentMinCoverage() * left));
        for (int i = 0; i < scope; i++) {
            for (int v = 0; v < 256; v++) {
                if (counts[i][v] > best && v != 0) {
                    best = counts[i][v];
                    bestPos = i;
                    bestVal = v;
                }
            }
        }
        if (bestPos < 0) {
            return null;
        }
        // Widen the anchor to every position that is (nearly) constant among the anchored packets: one byte
        // value also turns up in 1/256 of random continuation packets, and such strays would break the
        // strict constant test of field typing; a conjunction of several bytes admits none.
        final int pos = bestPos;
        final int val = bestVal;
        long[][] sub = new long[scope][256];
        long n = 0;
        for (FlowSamples f : flows) {
            boolean[] st = messageStarts(f);
            for (int k = 0; k < f.packets.size(); k++) {
                byte[] pre = f.packets.get(k).prefix();
                if (st[k] && pre.length > pos && (pre[pos] & 0xff) == val) {
                    n++;
                    for (int i = 0; i < Math.min(scope, pre.length); i++) {
                        sub[i][pre[i] & 0xff]++;
                    }
                }
            }
        }
        // Zero bytes are left out while two non-zero bytes make a selective anchor: they are mostly the high
        // bytes of small numbers (a length below 64 KiB), and anchoring on them would drop the rare large
        // message. A single non-zero byte is too weak (1 random packet in 256 carries it), so then the
        // zero positions join (an 8-byte length: one non-zero byte, seven zeros).
        List<int[]> anchor = new ArrayList<>();
        List<int[]> zeros = new ArrayList<>();
        for (int i = 0; i < scope; i++) {
            for (int v = 0; v < 256; v++) {
                if (sub[i][v] >= 0.9 * n) {
                    (v == 0 ? zeros : anchor).add(new int[] {i, v});
                }
            }
        }
        if (anchor.size() < 2) {
            anchor.addAll(zeros);
        }
        log.accept("anchor " + anchor.stream().map(a -> a[0] + "=" + String.format("%02x", a[1])).toList());
        java.util.function.Predicate<byte[]> anchored = pre -> {
            for (int[] a : anchor) {
                if (pre.length <= a[0] || (pre[a[0]] & 0xff) != a[1]) {
                    return false;
                }
            }
            return true;
        };
        List<FlowSamples> subset = new ArrayList<>();
        for (FlowSamples f : flows) {
            if (f.tcp()) {
                // continuation packets stay: they carry the message lengths the length field is tested against.
                // A flow speaks the anchored format when at least segment.min_coverage of its message starts carry
                // the anchor: one stray frame whose random bytes happen to hold it does not pull a flow in.
                boolean[] st = messageStarts(f);
                int hits = 0;
                int starts = 0;
                for (int k = 0; k < f.packets.size(); k++) {
                    if (st[k]) {
                        starts++;
                        hits += anchored.test(f.packets.get(k).prefix()) ? 1 : 0;
                    }
                }
                if (hits > 0 && hits >= params.segmentMinCoverage() * starts) {
                    subset.add(f);
                }
                continue;
            }
            FlowSamples s = new FlowSamples(f.id, f.protocol, f.client, f.server, f.serverPort);
            s.flowType = f.flowType;
            for (PayloadSample p : f.packets) {
                if (anchored.test(p.prefix())) {
                    s.packets.add(p);
                }
            }
            if (!s.packets.isEmpty()) {
                subset.add(s);
            }
        }
        Set<Long> ids = new java.util.HashSet<>();
        subset.forEach(f -> ids.add(f.id));
        return new Anchored(new FormatLearner(params).learn(toFlowPackets(subset), anchored), ids, subset, anchored);
    }

    /** A format learnt around an anchor, the flows the anchor selected, and the anchor itself. */
    private record Anchored(LearnedFormat format, Set<Long> flows, List<FlowSamples> subset,
                            java.util.function.Predicate<byte[]> anchor) {}

    /**
     * A TCP format found around an anchor may be two messages that share their first byte, one per direction (a
     * remote control: the controlled peer's screenshot header {@code 01 | length}, the controller's mouse event
     * {@code 01 64 x y}); learnt together, the second byte looks like an opcode and the length is lost. Each
     * direction is learnt on its own (its packets only, continuations included, as TCP keeps directions apart), and
     * the two formats replace the joint one when both have something to match and they differ. Formats with a
     * request/response field keep both directions together: that field is what tells them apart (the paper's Fig. 2).
     */
    private List<LearnedFormat> tcpByDirection(Anchored a) {
        LearnedFormat joint = a.format();
        if (joint.fields().stream().anyMatch(f -> f.type() == FieldType.REQRESP)) {
            return List.of(joint);
        }
        List<LearnedFormat> parts = new ArrayList<>();
        for (Direction d : Direction.values()) {
            List<FlowSamples> one = new ArrayList<>();
            long anchored = 0;
            for (FlowSamples f : a.subset()) {
                FlowSamples s = new FlowSamples(f.id, f.protocol, f.client, f.server, f.serverPort);
                s.flowType = f.flowType;
                for (PayloadSample p : f.packets) {
                    if (p.dir() == d) {
                        s.packets.add(p);
                    }
                }
                boolean[] st = messageStarts(s);
                for (int k = 0; k < s.packets.size(); k++) {
                    anchored += st[k] && a.anchor().test(s.packets.get(k).prefix()) ? 1 : 0;
                }
                if (!s.packets.isEmpty()) {
                    one.add(s);
                }
            }
            if (anchored < params.formatMinPackets()) {
                return List.of(joint); // the anchor is one direction's: nothing to split
            }
            LearnedFormat lf = new FormatLearner(params).learn(toFlowPackets(one), a.anchor());
            if (lf.messages() == 0 || !hasMatchableField(lf.fields())) {
                return List.of(joint);
            }
            parts.add(lf);
        }
        boolean same = parts.get(0).fields().equals(parts.get(1).fields());
        log.accept("TCP anchored format by direction: up " + parts.get(0).fields() + ", down " + parts.get(1).fields()
                + (same ? " (same: kept together)" : ""));
        return same ? List.of(joint) : parts;
    }

    /** One TCP flow direction framed by a length-prefix framing. */
    private record FramedStream(FlowSamples flow, Direction dir, LengthPrefixFraming.Choice choice) {}

    /**
     * Length-prefix framing (docs/design/inference.md, "Stream framing"). A TCP direction whose byte stream is a chain
     * of {@code header | data} frames proves a length field, which the packet model misses when frames do not start
     * with payloads or no byte of the header is a constant to anchor on (media frames: an 8-byte
     * little-endian length and random bytes; screenshots, whose {@code 01} also starts 1 in 256 image segments).
     * When every framed stream is described by a peeled format that already types that length, the
     * peeled formats stand as they are. Otherwise the streams they leave unexplained are taken out of the packet
     * model: their frames (one message each) are learnt per framing, the framing's field typed as the length with
     * its relation to the frame (so that a format typing nothing else to match is kept), and the rest of the flows
     * are peeled again.
     */
    private List<HeaderFormat> withFraming(List<FlowSamples> flows, List<HeaderFormat> peeled) {
        LengthPrefixFraming.Config cfg = LengthPrefixFraming.Config.of(params);
        List<FlowSamples> owners = new ArrayList<>();
        List<Direction> dirs = new ArrayList<>();
        List<List<LengthPrefixFraming.StreamResult>> results = new ArrayList<>();
        for (FlowSamples f : flows) {
            for (Direction d : Direction.values()) {
                List<LengthPrefixFraming.StreamResult> r = d == Direction.UP ? f.framingUp : f.framingDown;
                if (!r.isEmpty()) {
                    owners.add(f);
                    dirs.add(d);
                    results.add(r);
                }
            }
        }
        List<LengthPrefixFraming.Choice> choices = LengthPrefixFraming.choose(results, cfg);
        java.util.Map<LengthPrefixFraming.Candidate, List<FramedStream>> unexplained = new java.util.LinkedHashMap<>();
        java.util.Map<LengthPrefixFraming.Candidate, int[]> counts = new java.util.TreeMap<>(
                java.util.Comparator.comparing(LengthPrefixFraming.Candidate::toString));
        List<LengthPrefixFraming.Choice> explained = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            LengthPrefixFraming.Choice c = choices.get(i);
            if (c == null || c.result().sample().isEmpty()) {
                continue;
            }
            HeaderFormat by = describing(peeled, c);
            boolean ok = by != null && FramedFormat.typesLength(by.fields(), c.candidate());
            counts.computeIfAbsent(c.candidate(), k -> new int[2])[ok ? 0 : 1]++;
            if (ok) {
                explained.add(c);
            } else {
                unexplained.computeIfAbsent(c.candidate(), k -> new ArrayList<>()).add(new FramedStream(owners.get(i), dirs.get(i), c));
            }
        }
        counts.forEach((c, n) -> log.accept("TCP framing " + c + ": " + (n[0] + n[1]) + " streams, " + n[0]
                + " described by a learnt format typing that length"));
        // as much material as a peeled format needs: a few handshake records (a TLS-like login) stay with the
        // packet model and the endpoint learner
        unexplained.entrySet().removeIf(e -> {
            long frames = e.getValue().stream().mapToLong(s -> s.choice().result().frames()).sum();
            if (frames < params.formatMinPackets()) {
                log.accept("TCP framing " + e.getKey() + ": " + frames + " frames, too few to learn from");
                return true;
            }
            return false;
        });
        if (unexplained.isEmpty()) {
            return widen(peeled, explained);
        }
        // the rest: flows without their unexplained framed directions; what is left of a flow only as its text lines
        // (a media connection's registration before the server's frames) has no binary header to learn
        java.util.Set<String> gone = new java.util.HashSet<>();
        unexplained.values().forEach(l -> l.forEach(s -> gone.add(s.flow().id + "/" + s.dir())));
        List<FlowSamples> rest = new ArrayList<>();
        for (FlowSamples f : flows) {
            if (!gone.contains(f.id + "/" + Direction.UP) && !gone.contains(f.id + "/" + Direction.DOWN)) {
                rest.add(f);
                continue;
            }
            java.util.Set<Integer> text = new java.util.HashSet<>();
            f.lines.forEach(l -> text.add(l.packet()));
            FlowSamples r = new FlowSamples(f.id, f.protocol, f.client, f.server, f.serverPort);
            r.flowType = f.flowType;
            boolean binary = false;
            for (int k = 0; k < f.packets.size(); k++) {
                PayloadSample p = f.packets.get(k);
                if (!gone.contains(f.id + "/" + p.dir())) {
                    r.packets.add(p);
                    binary |= !text.contains(k);
                }
            }
            if (binary) {
                rest.add(r);
            }
        }
        log.accept("TCP framing: " + gone.size() + " framed streams learnt as frames; peeling the other "
                + rest.size() + " flows again");
        List<HeaderFormat> out = peel(FlowType.TCP, rest, new ArrayList<>());
        List<java.util.Map.Entry<LengthPrefixFraming.Candidate, List<FramedStream>>> groups = new ArrayList<>(unexplained.entrySet());
        groups.sort(java.util.Comparator.comparingInt(e -> -e.getValue().size()));
        long total = packets(flows);
        for (var g : groups) {
            HeaderFormat h = learnFramed(g.getKey(), g.getValue(), total, out.isEmpty() ? "TCP" : "TCP-" + (out.size() + 1));
            if (h != null) {
                out.add(h);
            }
        }
        return widen(out, explained);
    }

    /** The first format matching a framed stream's first frame: the one the matcher's TCP rule would give it. */
    private static HeaderFormat describing(List<HeaderFormat> formats, LengthPrefixFraming.Choice c) {
        byte[] first = c.result().sample().get(0).prefix();
        return formats.stream().filter(h -> HeaderMatch.matches(first, h.fields())).findFirst().orElse(null);
    }

    /**
     * Field typing bounds a length by the messages it saw (a media format learnt on 2,056-byte audio
     * frames); the chains walked every frame of the framed streams a format describes (its screen frames too). A
     * compared length with the framing's relation accepts their longest frame ({@link FramedFormat#frameLimit}).
     */
    private List<HeaderFormat> widen(List<HeaderFormat> formats, List<LengthPrefixFraming.Choice> explained) {
        List<HeaderFormat> out = new ArrayList<>(formats);
        for (LengthPrefixFraming.Choice c : explained) {
            HeaderFormat h = describing(out, c);
            if (h == null) {
                continue;
            }
            long limit = FramedFormat.frameLimit(c.result().maxLength(), params.lengthMaxFactor());
            List<InferredField> fields = new ArrayList<>(h.fields());
            boolean changed = false;
            for (int j = 0; j < fields.size(); j++) {
                InferredField f = fields.get(j);
                if (f.comparesLength() && FramedFormat.typesLength(List.of(f), c.candidate()) && f.maxMessage() < limit) {
                    log.accept("TCP framing " + c.candidate() + ": " + h.name() + " " + f + " accepts frames up to "
                            + limit + " (a framed stream's longest frame " + c.result().maxLength() + ")");
                    fields.set(j, f.withLengthRelation(f.adjust(), limit));
                    changed = true;
                }
            }
            if (changed) {
                out.set(out.indexOf(h), new HeaderFormat(h.name(), h.flowType(), h.scope(), fields, h.opcodes(),
                        h.servers(), h.protocolShare(), h.messages()));
            }
        }
        return out;
    }

    /** A format learnt on the frames of streams sharing one framing; each frame is one message. */
    private HeaderFormat learnFramed(LengthPrefixFraming.Candidate c, List<FramedStream> streams, long total, String name) {
        java.util.Map<Long, FlowSamples> flowOf = new java.util.LinkedHashMap<>();
        List<FramedFormat.Stream> in = new ArrayList<>();
        for (FramedStream s : streams) {
            List<PayloadSample> mine = s.flow().packets.stream().filter(p -> p.dir() == s.dir()).toList();
            flowOf.put(s.flow().id, s.flow());
            in.add(new FramedFormat.Stream(s.flow().id, s.dir(), s.choice().result(), k -> mine.get(k).tsNanos()));
        }
        FramedFormat.Learnt learnt = FramedFormat.learn(params, c, in);
        List<FlowPackets> fps = learnt.frames();
        long frames = learnt.frameCount();
        List<InferredField> fields = learnt.fields();
        log.accept("TCP framing " + c + ": " + streams.size() + " streams, " + frames + " frames -> typed " + learnt.typed()
                + (fields.equals(learnt.typed()) ? "" : ", with the framing's length " + fields));
        List<OpcodeSemantics> ops = framedOpcodes(fps, fields, flowOf);
        List<FlowSamples> flowList = new ArrayList<>(flowOf.values());
        int end = 0;
        for (InferredField f : fields) {
            end = Math.max(end, f.offset() + f.length());
        }
        return new HeaderFormat(name, FlowType.TCP, end, fields, ops, servers(flowList), (double) frames / Math.max(1, total),
                (int) frames);
    }

    /** Opcode occurrences of framed formats: every frame is a message (the framing is what matched it). */
    private List<OpcodeSemantics> framedOpcodes(List<FlowPackets> fps, List<InferredField> fields,
                                                java.util.Map<Long, FlowSamples> flowOf) {
        InferredField op = HeaderMatch.opcodeField(fields);
        if (op == null) {
            return List.of();
        }
        HexFormat hex = HexFormat.of();
        boolean matchable = hasMatchableField(fields);
        java.util.Map<String, List<OpcodeEvent>> byClient = new java.util.TreeMap<>();
        for (FlowPackets f : fps) {
            List<OpcodeEvent> events = byClient.computeIfAbsent(flowOf.get(f.flowId()).client, k -> new ArrayList<>());
            for (PayloadSample p : f.packets()) {
                byte[] pre = p.prefix();
                if (pre.length < op.offset() + op.length() || matchable && !HeaderMatch.matches(pre, fields)) {
                    continue;
                }
                events.add(new OpcodeEvent(f.flowId(), p.tsNanos(), hex.formatHex(pre, op.offset(), op.offset() + op.length()),
                        p.dir(), HeaderMatch.isRequest(pre, fields, p.dir() == Direction.UP)));
            }
        }
        return correlate(byClient);
    }

    /** A TCP payload at least this long (the smallest MSS every host accepts, RFC 879) can be a full segment. */
    static final int MIN_FULL_SEGMENT = 536;

    /**
     * Which payloads of a flow can start an application message. UDP: every datagram. TCP: the first payload of a
     * direction, one after the other direction spoke, and one after a segment of its direction that was not full
     * (shorter than that direction's longest payload, or shorter than {@link #MIN_FULL_SEGMENT}): a write ended
     * there. A payload after a full segment is most likely the continuation of a long message. A heuristic for
     * counting (anchors, coverage), not for assembling messages: a message may still start after a full segment.
     */
    static boolean[] messageStarts(FlowSamples f) {
        int n = f.packets.size();
        boolean[] out = new boolean[n];
        if (!f.tcp()) {
            java.util.Arrays.fill(out, true);
            return out;
        }
        int maxUp = 0;
        int maxDown = 0;
        for (PayloadSample p : f.packets) {
            if (p.dir() == Direction.UP) {
                maxUp = Math.max(maxUp, p.length());
            } else {
                maxDown = Math.max(maxDown, p.length());
            }
        }
        PayloadSample prevUp = null;
        PayloadSample prevDown = null;
        Direction last = null;
        for (int i = 0; i < n; i++) {
            PayloadSample p = f.packets.get(i);
            boolean up = p.dir() == Direction.UP;
            PayloadSample prev = up ? prevUp : prevDown;
            int max = up ? maxUp : maxDown;
            out[i] = prev == null || last != p.dir() || prev.length() < max || prev.length() < MIN_FULL_SEGMENT;
            if (up) {
                prevUp = p;
            } else {
                prevDown = p;
            }
            last = p.dir();
        }
        return out;
    }

    /** Payloads that can start a message, over all flows. */
    private static long starts(List<FlowSamples> flows) {
        long n = 0;
        for (FlowSamples f : flows) {
            for (boolean b : messageStarts(f)) {
                n += b ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * A UDP format whose request/response field only says which way the packet goes (every uplink packet
     * carries one value, every downlink packet the other) describes two messages: the paper lists uplink and
     * downlink heartbeats of Fig. 3 as two signature types, their third constant differing in length. Such a
     * format is learnt again on each direction's packets; anything else is kept whole.
     */
    private List<LearnedFormat> splitByDirection(LearnedFormat lf, List<FlowSamples> flows) {
        InferredField rr = lf.fields().stream().filter(f -> f.type() == FieldType.REQRESP).findFirst().orElse(null);
        if (rr == null) {
            return List.of(lf);
        }
        List<FlowSamples> up = new ArrayList<>();
        List<FlowSamples> down = new ArrayList<>();
        long consistent = 0;
        long all = 0;
        for (FlowSamples f : flows) {
            FlowSamples u = new FlowSamples(f.id, f.protocol, f.client, f.server, f.serverPort);
            FlowSamples d = new FlowSamples(f.id, f.protocol, f.client, f.server, f.serverPort);
            u.flowType = f.flowType;
            d.flowType = f.flowType;
            for (PayloadSample p : f.packets) {
                byte[] pre = p.prefix();
                if (!HeaderMatch.matches(pre, lf.fields())) {
                    continue;
                }
                all++;
                boolean request = HeaderMatch.isRequest(pre, lf.fields(), p.dir() == Direction.UP);
                if (request == (p.dir() == Direction.UP)) {
                    consistent++;
                }
                (p.dir() == Direction.UP ? u : d).packets.add(p);
            }
            if (!u.packets.isEmpty()) {
                up.add(u);
            }
            if (!d.packets.isEmpty()) {
                down.add(d);
            }
        }
        if (all == 0 || consistent < 0.99 * all || up.isEmpty() || down.isEmpty()) {
            return List.of(lf);
        }
        LearnedFormat a = new FormatLearner(params).learn(toFlowPackets(up));
        LearnedFormat b = new FormatLearner(params).learn(toFlowPackets(down));
        if (!hasMatchableField(a.fields()) || !hasMatchableField(b.fields()) || a.fields().equals(b.fields())) {
            return List.of(lf);
        }
        // A split that loses the whole format's command set describes less than the whole: each direction alone
        // has fewer messages, and the command byte then joins a neighbour that is constant in one direction. A byte
        // taking most of its values is no command set (a random byte, as in the two heartbeats of the paper's Fig. 3).
        InferredField op = HeaderMatch.opcodeField(lf.fields());
        if (op != null && op.length() <= 2 && op.values().size() < (1 << (8 * op.length())) / 2
                && !(sameField(op, HeaderMatch.opcodeField(a.fields()))
                && sameField(op, HeaderMatch.opcodeField(b.fields())))) {
            log.accept("UDP format kept whole: a split by direction loses its opcode " + op + " (" + a.fields()
                    + " / " + b.fields() + ")");
            return List.of(lf);
        }
        log.accept("UDP format split by direction: " + a.fields() + " / " + b.fields());
        return List.of(a, b);
    }

    /** Two fields at one place: a split format keeps the whole format's opcode where it was. */
    private static boolean sameField(InferredField a, InferredField b) {
        return b != null && a.offset() == b.offset() && a.length() == b.length();
    }

    private static List<FlowSamples> matchingFlows(List<FlowSamples> flows, List<InferredField> fields) {
        List<FlowSamples> out = new ArrayList<>();
        for (FlowSamples f : flows) {
            if (f.packets.stream().anyMatch(p -> HeaderMatch.matches(p.prefix(), fields))) {
                out.add(f);
            }
        }
        return out;
    }

    private static long packetsMatching(List<FlowSamples> flows, List<InferredField> fields) {
        long n = 0;
        for (FlowSamples f : flows) {
            for (PayloadSample p : f.packets) {
                if (HeaderMatch.matches(p.prefix(), fields)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * One format learnt from the flows of one static server endpoint ({@link EndpointInference}): a server speaks
     * one protocol, so its few flows suffice where the transport-wide peeling needs {@code format.min_packets} payloads
     * and {@code segment.min_coverage} (a login server: 2 flows of 4 TLS-like records in a lab capture).
     *
     * @return the format, or null when nothing matchable comes out
     */
    HeaderFormat learnScoped(FlowType type, List<FlowSamples> flows, String name) {
        LearnedFormat lf = new FormatLearner(params).learn(toFlowPackets(flows));
        log.accept(type + " endpoint " + (flows.isEmpty() ? "" : flows.get(0).server + ":" + flows.get(0).serverPort) + ": "
                + (lf == null ? "no format" : lf.messages() + " messages, fields " + lf.fields()));
        if (lf == null || lf.messages() == 0 || !hasMatchableField(lf.fields())) {
            return null;
        }
        List<InferredField> fields = type == FlowType.TCP ? withScopedFraming(flows, lf.fields()) : lf.fields();
        if (!hasMatchableField(fields)) {
            return null;
        }
        int scope = Math.max(scopeOf(lf), fields.stream().mapToInt(f -> f.offset() + f.length()).max().orElse(0));
        return new HeaderFormat(name, type, scope, fields, opcodes(flows, fields), servers(flows),
                lf.protocolShare(), lf.messages());
    }

    /**
     * An endpoint's few flows (a login server: two logins, a handful of TLS-like records) are too little to
     * learn frames from ({@link #withFraming} wants {@code format.min_packets} frames), but their framing still says where
     * the length is: the framing chosen for most of the streams whose first frame the packet-learnt format matches
     * replaces what typing made of those bytes (a record length typed constant and opcode: {@code 00}, then
     * {@code cd}/{@code d9}), with its relation.
     */
    private List<InferredField> withScopedFraming(List<FlowSamples> flows, List<InferredField> fields) {
        if (params.segmentRefine() == Refine.NONE || params.framingStarts() == 0) {
            return fields;
        }
        List<List<LengthPrefixFraming.StreamResult>> results = new ArrayList<>();
        for (FlowSamples f : flows) {
            for (List<LengthPrefixFraming.StreamResult> r : List.of(f.framingUp, f.framingDown)) {
                if (!r.isEmpty()) {
                    results.add(r);
                }
            }
        }
        java.util.Map<LengthPrefixFraming.Candidate, long[]> votes = new java.util.TreeMap<>(
                java.util.Comparator.comparing(LengthPrefixFraming.Candidate::toString));
        for (LengthPrefixFraming.Choice c : LengthPrefixFraming.choose(results, LengthPrefixFraming.Config.of(params))) {
            if (c != null && !c.result().sample().isEmpty()
                    && HeaderMatch.matches(c.result().sample().get(0).prefix(), fields)) {
                long[] v = votes.computeIfAbsent(c.candidate(), k -> new long[2]);
                v[0]++;
                v[1] = Math.max(v[1], c.result().maxLength());
            }
        }
        var best = votes.entrySet().stream().max(java.util.Comparator.comparingLong(e -> e.getValue()[0]));
        if (best.isEmpty() || FramedFormat.typesLength(fields, best.get().getKey())) {
            return fields;
        }
        LengthPrefixFraming.Candidate c = best.get().getKey();
        // Bound by the longest record seen (rounded up to a power of two), not length.max_factor times it: an
        // endpoint's scoped format describes one fixed exchange (a login), whose records do not grow next week, and
        // the bound is its strength. Records that imitate TLS 1.0: with 16 times the longest (4096), 12 real TLS
        // flows picked up mid-stream matched instead of 7 (docs/design/endpoints.md).
        List<InferredField> framed = FramedFormat.withFramingLength(fields, c, FramedFormat.frameLimit(best.get().getValue()[1], 1));
        log.accept("TCP framing " + c + ": " + best.get().getValue()[0] + " streams of the endpoint -> " + framed);
        return framed;
    }

    private int scopeOf(LearnedFormat lf) {
        int end = 0;
        for (InferredField f : lf.fields()) {
            end = Math.max(end, f.offset() + f.length());
        }
        return params.segmentScope() == 0 ? end : Math.max(end, Math.min(params.segmentScope(), end));
    }

    private static boolean hasMatchableField(List<InferredField> fields) {
        return fields.stream().anyMatch(InferredField::isCriterion);
    }

    /** Opcode occurrences of the format's messages, correlated with the manifest and with time. */
    private List<OpcodeSemantics> opcodes(List<FlowSamples> flows, List<InferredField> fields) {
        InferredField op = HeaderMatch.opcodeField(fields);
        if (op == null) {
            return List.of();
        }
        HexFormat hex = HexFormat.of();
        // Correlation runs per device: the paper's two phones perform the same task over different flow
        // types, so an interval of one phone's HTTP requests says nothing about the other's binary opcodes.
        java.util.Map<String, List<OpcodeEvent>> byClient = new java.util.TreeMap<>();
        MessageAssembler asm = new MessageAssembler(params.segmentLeading());
        for (FlowSamples f : flows) {
            List<OpcodeEvent> events = byClient.computeIfAbsent(f.client, k -> new ArrayList<>());
            List<PayloadSample> labelled = new ArrayList<>(f.packets.size());
            for (PayloadSample p : f.packets) {
                labelled.add(new PayloadSample(p.dir(), p.tsNanos(), p.frame(), p.prefix(), p.length(),
                        HeaderMatch.matches(p.prefix(), fields)));
            }
            for (Message m : f.tcp() ? asm.assembleTcp(labelled) : asm.assembleUdp(labelled)) {
                byte[] pre = m.prefix();
                if (m.leadingFragment() || pre.length < op.offset() + op.length() || !HeaderMatch.matches(pre, fields)) {
                    continue;
                }
                // A UDP signature matches only its opcode field's listed values (the store's rule): a message with
                // another value is not one the signature will classify, so its task must not be learnt from it.
                if (!f.tcp() && !op.hasValue(pre)) {
                    continue;
                }
                String code = hex.formatHex(pre, op.offset(), op.offset() + op.length());
                events.add(new OpcodeEvent(f.id, m.tsNanos(), code, m.direction(),
                        HeaderMatch.isRequest(pre, fields, m.direction() == Direction.UP)));
            }
        }
        return correlate(byClient);
    }

    /** Correlates each device's opcode events with its manifest entries and merges the verdicts. */
    private List<OpcodeSemantics> correlate(java.util.Map<String, List<OpcodeEvent>> byClient) {
        OpcodeCorrelator correlator = new OpcodeCorrelator(OpcodeCorrelator.Config.of(params));
        java.util.Map<String, List<OpcodeSemantics>> votes = new java.util.TreeMap<>();
        for (var e : byClient.entrySet()) {
            List<ManifestEntry> mine = manifest.stream()
                    .filter(m -> m.client().isEmpty() || m.client().equals(e.getKey())).toList();
            for (OpcodeSemantics sem : correlator.correlate(e.getValue(), mine)) {
                votes.computeIfAbsent(sem.opcodeHex(), k -> new ArrayList<>()).add(sem);
            }
        }
        if (byClient.size() > 1) {
            // A trigger is a property of the protocol, not of a device: each device may log in twice, too few
            // co-occurrences for Sherlock alone, while all devices together show the sync after every login. Only
            // the trigger verdicts of the pooled events vote; the manifest stays per device (see above).
            List<OpcodeEvent> all = new ArrayList<>();
            byClient.values().forEach(all::addAll);
            all.sort(java.util.Comparator.comparingLong(OpcodeEvent::tsNanos));
            for (OpcodeSemantics sem : correlator.correlate(all, manifest)) {
                if (sem.kind() == OpcodeSemantics.Kind.TRIGGERED) {
                    votes.computeIfAbsent(sem.opcodeHex(), k -> new ArrayList<>()).add(sem);
                }
            }
        }
        List<OpcodeSemantics> out = new ArrayList<>();
        for (List<OpcodeSemantics> v : votes.values()) {
            out.add(strongest(v));
        }
        return out;
    }

    /** Among per-device verdicts on one opcode: a user task beats periodic beats triggered beats unknown. */
    private static OpcodeSemantics strongest(List<OpcodeSemantics> verdicts) {
        OpcodeSemantics best = null;
        for (OpcodeSemantics s : verdicts) {
            if (best == null || s.kind().ordinal() < best.kind().ordinal()) {
                best = s;
            }
        }
        return best;
    }

    /**
     * TCP flows whose first payload matches: the flows the matcher's TCP rule gives the format, so their servers are
     * the ones to record (a stray packet of another flow that happens to match is no evidence of a server). All
     * matching flows when none starts with the format.
     */
    private static List<FlowSamples> openedBy(List<FlowSamples> flows, List<InferredField> fields) {
        List<FlowSamples> out = flows.stream()
                .filter(f -> !f.packets.isEmpty() && HeaderMatch.matches(f.packets.get(0).prefix(), fields)).toList();
        return out.isEmpty() ? flows : out;
    }

    private static List<HeaderFormat.Endpoint> servers(List<FlowSamples> flows) {
        TreeSet<HeaderFormat.Endpoint> s = new TreeSet<>();
        for (FlowSamples f : flows) {
            s.add(new HeaderFormat.Endpoint(f.server, f.serverPort));
        }
        return new ArrayList<>(s);
    }

    private static List<FlowPackets> toFlowPackets(List<FlowSamples> flows) {
        List<FlowPackets> out = new ArrayList<>(flows.size());
        for (FlowSamples f : flows) {
            out.add(new FlowPackets(f.id, f.tcp(), f.packets));
        }
        return out;
    }

    private static long packets(List<FlowSamples> flows) {
        long n = 0;
        for (FlowSamples f : flows) {
            n += f.packets.size();
        }
        return n;
    }
}
