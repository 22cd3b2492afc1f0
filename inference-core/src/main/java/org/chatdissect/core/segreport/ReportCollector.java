package org.chatdissect.core.segreport;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowAddresses;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.flow.FlowObservers;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.core.flow.FlowTableStats;
import org.chatdissect.core.inspect.TextLine;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.FlowFraming;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.segment.PayloadSample;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;

/**
 * Gathers the flows the segment report covers, as the trainer does: the leading {@code scope} bytes of every payload
 * of TCP/UDP flows that are not DNS, HTTP or TLS (those are inspected directly, section III-A1), unless
 * {@code allFlows}. Flows are returned by (file, first frame), whatever order the flow table ended them in.
 *
 * <p>With the improved preset ({@link #read(List, Parameters, boolean, FlowTableConfig)}) TCP directions are also
 * scanned for length-prefix framing as the trainer scans them ({@link FlowFraming}), and the framing of each stream
 * is chosen across the capture's TCP streams as the trainer chooses it ({@link LengthPrefixFraming#choose}, over the
 * streams header learning sees: text-protocol flows left out). The scan keeps no stream bytes, so the frames of the
 * framed directions are walked in a second pass over the captures, by their chosen chain alone; memory is then a
 * few numbers per frame, as the report keeps a prefix per packet.
 */
public final class ReportCollector implements FlowObserver {
    private final int scope;
    private final boolean allFlows;
    private final List<String> files;
    /** Length-prefix framing to scan TCP directions for; null when off (paper preset). */
    private final LengthPrefixFraming.Config framing;
    private final List<LengthPrefixFraming.Candidate> candidates;
    private final int textScope;
    private final double textMinLineShare;
    private final List<Ended> ended = new ArrayList<>();
    /** How the pass read the captures; set when it ends. */
    private CaptureStats capture;
    private FlowTableStats table;

    /**
     * A flow the report covers: where it starts, the flow, and for a TCP flow scanned for framing, what the scan found
     * ({@code streams}, null when not scanned or left unframed) and whether header learning leaves it out as a
     * text-protocol flow.
     */
    private record Ended(int fileIndex, long firstFrame, ReportFlow flow, FlowFraming.Streams streams,
                         boolean textOnly) {}

    /** Per-flow state on {@link Flow#attachment}. */
    private static final class State {
        final List<PayloadSample> packets = new ArrayList<>();
        FlowFraming framing;
        int lines;
        boolean firstHasLine;
    }

    /** @param scope bytes kept per payload; 0 keeps whole payloads */
    public ReportCollector(int scope, boolean allFlows, List<String> files) {
        this(scope, allFlows, files, null, 0, 1);
    }

    /**
     * @param framing          length-prefix framing to scan TCP directions for (improved preset), or null
     * @param textScope        {@code text.scope}, to tell text-protocol flows ({@link TextLine#textOnly})
     * @param textMinLineShare {@code text.min_line_share}
     */
    public ReportCollector(int scope, boolean allFlows, List<String> files, LengthPrefixFraming.Config framing,
                           int textScope, double textMinLineShare) {
        this.scope = scope;
        this.allFlows = allFlows;
        this.files = files;
        this.framing = framing;
        this.candidates = framing == null ? List.of() : LengthPrefixFraming.candidates(framing);
        this.textScope = textScope;
        this.textMinLineShare = textMinLineShare;
    }

    /** Reads the captures and returns their flows (no framing: the paper's view). */
    public static List<ReportFlow> read(List<Path> inputs, int scope, boolean allFlows, FlowTableConfig config)
            throws IOException {
        return collect(inputs, config, n -> new ReportCollector(scope, allFlows, n), null).flows();
    }

    /**
     * Reads the captures and returns their flows with {@code params}' view: with the improved preset (the trainer's
     * framing, {@link LengthPrefixFraming.Config#ifOn}) the framed TCP directions carry their frames, which takes a
     * second pass over the captures when any direction is framed.
     */
    public static List<ReportFlow> read(List<Path> inputs, Parameters params, boolean allFlows, FlowTableConfig config)
            throws IOException {
        return read(inputs, params, allFlows, config, null).flows();
    }

    /** The flows read, and how the first pass read the captures (every packet accounted for, warnings). */
    public record Read(List<ReportFlow> flows, CaptureStats capture, FlowTableStats table) {
        public Read {
            flows = List.copyOf(flows);
        }
    }

    /** As {@link #read(List, Parameters, boolean, FlowTableConfig)}, {@code also} (or null) watching the first pass. */
    public static Read read(List<Path> inputs, Parameters params, boolean allFlows, FlowTableConfig config,
                            FlowObserver also) throws IOException {
        LengthPrefixFraming.Config cfg = LengthPrefixFraming.Config.ifOn(params);
        ReportCollector c = collect(inputs, config, n -> new ReportCollector(FormatLearner.typedScope(params), allFlows,
                n, cfg, params.textScope(), params.textMinLineShare()), also);
        if (cfg == null) {
            return new Read(c.flows(), c.capture, c.table);
        }
        List<Ended> flows = c.sorted();
        Map<Long, LengthPrefixFraming.Choice[]> chosen = choose(flows, cfg);
        if (chosen.isEmpty()) {
            return new Read(flows.stream().map(Ended::flow).toList(), c.capture, c.table);
        }
        Map<Long, FramedStream[]> frames = frames(inputs, config, cfg, chosen);
        List<ReportFlow> out = new ArrayList<>(flows.size());
        for (Ended e : flows) {
            FramedStream[] f = frames.get(key(e.fileIndex(), e.firstFrame()));
            if (f == null) {
                out.add(e.flow());
                continue;
            }
            List<FramedStream> framed = new ArrayList<>();
            for (FramedStream s : f) {
                if (s != null) {
                    framed.add(s);
                }
            }
            ReportFlow r = e.flow();
            out.add(framed.isEmpty() ? r : new ReportFlow(r.id(), r.file(), r.tcp(), r.packets(), framed));
        }
        return new Read(out, c.capture, c.table);
    }

    /** A flow's key across the two passes: the flow table gives the same flows, each with its first frame. */
    private static long key(int fileIndex, long firstFrame) {
        return ((long) fileIndex << 40) ^ firstFrame;
    }

    private static ReportCollector collect(List<Path> inputs, FlowTableConfig config,
                                           java.util.function.Function<List<String>, ReportCollector> make,
                                           FlowObserver also) throws IOException {
        CaptureStats stats = new CaptureStats();
        try (PacketSource src = CaptureReader.open(inputs, stats)) {
            List<String> names = src.fileNames().stream().map(n -> Path.of(n).getFileName().toString()).toList();
            ReportCollector c = make.apply(names);
            c.table = new CaptureFlows(config, also == null ? c : FlowObservers.of(List.of(c, also))).run(src, stats);
            c.capture = stats;
            return c;
        }
    }

    /**
     * The framing of every scanned stream, chosen as the trainer chooses it across the streams header learning sees
     * (TCP flows, text-protocol flows left out): per flow key, the choice of each direction (UP, DOWN; null when
     * unframed), flows with no framed direction left out.
     */
    private static Map<Long, LengthPrefixFraming.Choice[]> choose(List<Ended> flows, LengthPrefixFraming.Config cfg) {
        List<long[]> owners = new ArrayList<>(); // key, direction ordinal
        List<List<LengthPrefixFraming.StreamResult>> results = new ArrayList<>();
        for (Ended e : flows) {
            if (e.streams() == null || e.textOnly()) {
                continue;
            }
            for (Direction d : Direction.values()) {
                List<LengthPrefixFraming.StreamResult> r = e.streams().of(d);
                if (!r.isEmpty()) {
                    owners.add(new long[] {key(e.fileIndex(), e.firstFrame()), d.ordinal()});
                    results.add(r);
                }
            }
        }
        List<LengthPrefixFraming.Choice> choices = LengthPrefixFraming.choose(results, cfg);
        Map<Long, LengthPrefixFraming.Choice[]> out = new HashMap<>();
        for (int i = 0; i < choices.size(); i++) {
            LengthPrefixFraming.Choice c = choices.get(i);
            if (c == null || c.result().sample().isEmpty()) {
                continue;
            }
            out.computeIfAbsent(owners.get(i)[0], k -> new LengthPrefixFraming.Choice[2])[(int) owners.get(i)[1]] = c;
        }
        return out;
    }

    /** Second pass: every frame of the chosen chains, per flow key and direction. */
    private static Map<Long, FramedStream[]> frames(List<Path> inputs, FlowTableConfig config,
                                                    LengthPrefixFraming.Config cfg,
                                                    Map<Long, LengthPrefixFraming.Choice[]> chosen) throws IOException {
        FrameWalk walk = new FrameWalk(cfg, chosen);
        CaptureStats stats = new CaptureStats();
        try (PacketSource src = CaptureReader.open(inputs, stats)) {
            new CaptureFlows(config, walk).run(src, stats);
        }
        return walk.found;
    }

    /** Follows the chosen chains of the framed flows and records their frames. */
    private static final class FrameWalk implements FlowObserver {
        final LengthPrefixFraming.Config cfg;
        final Map<Long, LengthPrefixFraming.Choice[]> chosen;
        final Map<Long, FramedStream[]> found = new HashMap<>();

        FrameWalk(LengthPrefixFraming.Config cfg, Map<Long, LengthPrefixFraming.Choice[]> chosen) {
            this.cfg = cfg;
            this.chosen = chosen;
        }

        /** One direction's frames, from the chain the choice names (candidate and start). */
        static final class Recorder implements LengthPrefixFraming.FrameListener {
            final LengthPrefixFraming.Choice choice;
            final IntArrayList payload = new IntArrayList();
            final IntArrayList offset = new IntArrayList();
            final LongArrayList length = new LongArrayList();

            Recorder(LengthPrefixFraming.Choice choice) {
                this.choice = choice;
            }

            @Override
            public void frame(LengthPrefixFraming.Candidate candidate, int startPayload, int p, int off,
                              long streamOffset, long len, boolean whole) {
                if (!candidate.equals(choice.candidate()) || startPayload != choice.result().startPayload()) {
                    return;
                }
                payload.add(p);
                offset.add(off);
                length.add(len);
            }
        }

        private record Walk(long key, FlowFraming framing, Recorder[] recorders) {}

        @Override
        public void onFlowStart(Flow flow) {
            long k = key(flow.fileIndex, flow.firstFrame);
            LengthPrefixFraming.Choice[] c = chosen.get(k);
            if (c == null || flow.protocol != 6) {
                return;
            }
            Recorder[] rec = new Recorder[2];
            LinkedHashSet<LengthPrefixFraming.Candidate> cands = new LinkedHashSet<>();
            for (int d = 0; d < 2; d++) {
                if (c[d] != null) {
                    rec[d] = new Recorder(c[d]);
                    cands.add(c[d].candidate());
                }
            }
            flow.attachment = new Walk(k, new FlowFraming(cfg, List.copyOf(cands), rec[0], rec[1]), rec);
        }

        @Override
        public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len,
                              int wireLen) {
            if (flow.attachment instanceof Walk w) {
                w.framing().payload(flow.flowType, dir, data, off, len, wireLen);
            }
        }

        @Override
        public void onFlowEnd(Flow flow) {
            if (!(flow.attachment instanceof Walk w)) {
                return;
            }
            flow.attachment = null;
            FlowType type = flow.flowType == null ? FlowType.TCP : flow.flowType;
            FlowFraming.Streams streams = type == FlowType.TCP ? w.framing().finish(flow) : null;
            if (streams == null) {
                return; // not as in the first pass: left to the packet model
            }
            FramedStream[] out = new FramedStream[2];
            for (int d = 0; d < 2; d++) {
                Recorder r = w.recorders()[d];
                if (r == null || !sameChain(r.choice, streams.of(Direction.values()[d]), r.length.size())) {
                    continue;
                }
                out[d] = new FramedStream(Direction.values()[d], r.choice.result(), r.payload.toIntArray(),
                        r.offset.toIntArray(), r.length.toLongArray());
            }
            if (out[0] != null || out[1] != null) {
                found.put(w.key(), out);
            }
        }

        /** The second pass walked the chain the first pass chose (same whole frames), as it must. */
        private static boolean sameChain(LengthPrefixFraming.Choice c, List<LengthPrefixFraming.StreamResult> now,
                                         int recorded) {
            for (LengthPrefixFraming.StreamResult r : now) {
                if (r.candidate().equals(c.candidate()) && r.startPayload() == c.result().startPayload()
                        && r.framed() && r.frames() == c.result().frames()) {
                    return recorded >= r.frames();
                }
            }
            return false;
        }
    }

    @Override
    public void onFlowStart(Flow flow) {
        State st = new State();
        if (framing != null && flow.protocol == 6) {
            st.framing = new FlowFraming(framing, candidates);
        }
        flow.attachment = st;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] data, int off, int len, int wireLen) {
        if (flow.attachment instanceof State st && len > 0) {
            int keep = scope == 0 ? len : Math.min(scope, len);
            st.packets.add(new PayloadSample(dir, ts, frame, Arrays.copyOfRange(data, off, off + keep), wireLen, false));
            if (st.framing != null) {
                st.framing.payload(flow.flowType, dir, data, off, len, wireLen);
                if (textScope > 0 && TextLine.length(data, off, len, textScope) >= 0) {
                    st.lines++;
                    st.firstHasLine |= st.packets.size() == 1;
                }
            }
        }
    }

    @Override
    public void onFlowEnd(Flow flow) {
        if (!(flow.attachment instanceof State st)) {
            return;
        }
        flow.attachment = null;
        List<PayloadSample> packets = st.packets;
        boolean header = flow.flowType == null || flow.flowType == FlowType.TCP || flow.flowType == FlowType.UDP;
        if (packets.isEmpty() || (!allFlows && !header) || (flow.protocol != 6 && flow.protocol != 17)) {
            return;
        }
        String proto = flow.protocol == 6 ? "tcp" : "udp";
        String id = endpoint(flow.client, flow.ipVersion, flow.clientPort) + "-"
                + endpoint(flow.server, flow.ipVersion, flow.serverPort) + "/" + proto + "#" + flow.firstFrame;
        String file = flow.fileIndex < files.size() ? files.get(flow.fileIndex) : Integer.toString(flow.fileIndex);
        FlowType type = flow.flowType == null ? (flow.protocol == 6 ? FlowType.TCP : FlowType.UDP) : flow.flowType;
        FlowFraming.Streams streams = st.framing != null && type == FlowType.TCP ? st.framing.finish(flow) : null;
        boolean textOnly = TextLine.textOnly(st.firstHasLine, st.lines, packets.size(), textMinLineShare);
        ended.add(new Ended(flow.fileIndex, flow.firstFrame, new ReportFlow(id, file, flow.protocol == 6, packets),
                streams, textOnly));
    }

    private static String endpoint(byte[] addr, int ipVersion, int port) {
        String a = FlowAddresses.format(addr, ipVersion);
        return (ipVersion == 6 ? "[" + a + "]" : a) + ":" + port;
    }

    private List<Ended> sorted() {
        return ended.stream().sorted(Comparator.comparingInt(Ended::fileIndex).thenComparingLong(Ended::firstFrame))
                .toList();
    }

    /** The collected flows by (file, first frame). */
    public List<ReportFlow> flows() {
        return sorted().stream().map(Ended::flow).toList();
    }
}
