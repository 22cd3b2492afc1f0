package org.chatdissect.core.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatdissect.core.params.Parameters;

/**
 * Length-prefix framing of a TCP byte stream: {@code header | data} frames back to back, the header holding the
 * frame's length at a fixed offset ({@code length(8, LE) | data}, or {@code 01 | length(4, BE) | image}). Frames need not start at packet starts: a sender writing frames faster than
 * the network drains them puts a frame's first bytes in the middle of a segment, where the trainer's packet model
 * (a message starts with a payload) cannot see them.
 *
 * <p>A {@link Candidate} is a length field (offset within the header, width 1, 2, 4 or 8 bytes, endian) and an
 * adjust: frame length = value + adjust, with adjust 0 (the length counts the whole frame), the end of the length
 * field (it counts the bytes after it) or, for fields of 2 bytes or more, a header size up to
 * {@code framing.max_adjust}. A {@link Scanner} walks every candidate's chain of frames over one flow direction, as
 * the payloads arrive (memory: a few counters per candidate and the first {@code framing.sample_frames} frames'
 * leading bytes, nothing of the stream itself), from each of the direction's first {@code framing.starts} message
 * starts (a registration line or hello may precede the frames). A chain dies on a frame shorter than its header or
 * longer than {@code framing.max_frame}; it <em>frames</em> the stream when it lands exactly on the stream's end, or
 * the stream was cut (capture end, idle timeout, a hole in the capture, a reset) inside its last frame, with at least
 * {@code framing.min_frames} whole frames.
 *
 * <p>{@link #choose} decides across streams, on the streams that closed normally (a FIN, no hole in the capture): a
 * candidate is accepted when its chain lands exactly on the end of at least {@code framing.min_streams} of them and of
 * at least {@code framing.min_share} of those over which it walked {@code min_frames} frames (a random stream keeps
 * 1-byte chains alive, but they hardly ever land on its end), and its frame lengths vary (a constant "length" is a
 * constant: fixed-size records are no framing evidence). A stream cut by the capture is no evidence (a random chain
 * lands on a cut as often as on any byte) but is framed by an accepted candidate. Each stream is framed by the
 * accepted candidate framing most streams that frames it, the simplest first on equal counts. Pure and
 * deterministic.
 */
public final class LengthPrefixFraming {
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    /** The smallest segment that may be a full one (RFC 879), as in the trainer's message starts. */
    static final int MIN_FULL_SEGMENT = 536;

    private LengthPrefixFraming() {}

    /**
     * A length field and its relation to the frame: frame length = value + {@code adjust}.
     *
     * @param little little endian (always false for 1-byte fields)
     */
    public record Candidate(int offset, int width, boolean little, int adjust) {
        /** Bytes up to the end of the length field. */
        public int end() {
            return offset + width;
        }

        /** 0 when the adjust is 0 or the length field's end (the two usual relations), 1 for a header size. */
        int adjustKind() {
            return adjust == 0 || adjust == end() ? 0 : 1;
        }

        /** The field's value in {@code b} from {@code at + offset}, or -1 beyond 2^62. */
        long value(byte[] b, int at) {
            long v = 0;
            for (int i = 0; i < width; i++) {
                int k = little ? width - 1 - i : i;
                if (v >>> 54 != 0) {
                    return -1;
                }
                v = (v << 8) | (b[at + offset + k] & 0xff);
            }
            return v;
        }

        /** e.g. {@code 0-7 length little +8}. */
        @Override
        public String toString() {
            String pos = width == 1 ? Integer.toString(offset) : offset + "-" + (end() - 1);
            return pos + " length " + (width == 1 || !little ? "big" : "little") + " +" + adjust;
        }
    }

    /** The thresholds, from {@link Parameters} ({@code framing.*}). */
    public record Config(int maxOffset, int maxAdjust, long maxFrame, int minFrames, int minStreams, double minShare,
                         int sampleFrames, int starts, int prefixBytes) {
        public static Config of(Parameters p) {
            return new Config(p.framingMaxOffset(), p.framingMaxAdjust(), p.framingMaxFrame(), p.framingMinFrames(),
                    p.framingMinStreams(), p.framingMinShare(), p.framingSampleFrames(), p.framingStarts(),
                    p.segmentScope() == 0 ? 64 : p.segmentScope());
        }

        /**
         * The framing the trainer scans for with these parameters: part of the improved preset
         * ({@code segment.refine=field_types}), off with {@code framing.starts=0}; null when off.
         */
        public static Config ifOn(Parameters p) {
            return p.segmentRefine() != Parameters.Refine.NONE && p.framingStarts() > 0 ? of(p) : null;
        }
    }

    /** Every candidate of the configuration, in the order {@link #choose} prefers them on equal evidence. */
    public static List<Candidate> candidates(Config cfg) {
        List<Candidate> out = new ArrayList<>();
        for (int off = 0; off <= cfg.maxOffset(); off++) {
            for (int w : new int[] {8, 4, 2, 1}) {
                for (boolean little : w == 1 ? new boolean[] {false} : new boolean[] {false, true}) {
                    java.util.TreeSet<Integer> adj = new java.util.TreeSet<>(List.of(0, off + w));
                    // header sizes only for fields of 2 bytes or more: 1-byte chains survive random bytes, and each
                    // variant would be one more chain walking every random stream
                    for (int h = off + w + 1; w > 1 && h <= cfg.maxAdjust(); h++) {
                        adj.add(h);
                    }
                    for (int a : adj) {
                        out.add(new Candidate(off, w, little, a));
                    }
                }
            }
        }
        out.sort(SIMPLER);
        return List.copyOf(out);
    }

    /** Simpler first: the usual adjusts, the length nearer the start, wider, big endian, smaller adjust. */
    static final Comparator<Candidate> SIMPLER = Comparator.comparingInt(Candidate::adjustKind)
            .thenComparingInt(Candidate::offset).thenComparingInt(c -> -c.width()).thenComparing(Candidate::little)
            .thenComparingInt(Candidate::adjust);

    /**
     * One frame of a stream: the direction's payload (0-based, counting that direction's payloads) holding its first
     * byte, its length and its leading bytes (at most {@code prefixBytes}, fewer when the frame is shorter).
     */
    public record Frame(int payload, long length, byte[] prefix) {
        public Frame {
            prefix = prefix.clone();
        }

        @Override
        public byte[] prefix() {
            return prefix.clone();
        }
    }

    /**
     * What one candidate's chain did over one stream, kept when it walked at least {@code min_frames} whole frames.
     *
     * @param startPayload the direction's payload the chain started at
     * @param frames       whole frames walked
     * @param framed       the chain frames the stream (lands on its end, or on a cut inside its last frame)
     * @param exact        it lands exactly on the stream's end
     * @param decisive     evidence for or against the candidate: the chain died (a frame too short or too long), or
     *                     the stream ended normally (a FIN, no hole), so landing on its end or not tells. A stream cut
     *                     by the capture is no evidence either way (a random chain lands on a cut as often as on any
     *                     byte), but an accepted candidate frames it
     * @param minLength    shortest whole frame
     * @param maxLength    longest whole frame
     * @param sample       the first {@code framing.sample_frames} whole frames (empty unless framed)
     */
    public record StreamResult(Candidate candidate, int startPayload, long frames, boolean framed, boolean exact,
                               boolean decisive, long minLength, long maxLength, List<Frame> sample) {
        public StreamResult {
            sample = List.copyOf(sample);
        }
    }

    /**
     * Told of every frame a chain walks ({@link Scanner#Scanner(Config, List, FrameListener)}), in stream order per
     * chain, once the frame is whole (the next one starts, or the stream ends exactly after it), and at
     * {@link Scanner#finish} of the last frame when the stream ended inside it.
     */
    public interface FrameListener {
        /**
         * @param startPayload the direction's payload the chain started at (a candidate may walk from several starts)
         * @param payload      the direction's payload (0-based) holding the frame's first byte
         * @param offset       the frame's first byte within that payload
         * @param streamOffset the frame's first byte within the direction's stream
         * @param length       the frame's length; for a last frame the stream ended inside, the bytes of it the stream
         *                     holds
         * @param whole        false for a last frame the stream ended inside
         */
        void frame(Candidate candidate, int startPayload, int payload, int offset, long streamOffset, long length,
                   boolean whole);
    }

    /**
     * Walks every candidate over one direction of one TCP flow, payload by payload in stream order. Not thread-safe;
     * one per flow direction.
     */
    public static final class Scanner {
        private final Config cfg;
        private final List<Candidate> cands;
        private final int headCap;
        private final FrameListener listener;
        private final List<Walker> walkers = new ArrayList<>();
        /** Candidate index -> the best result among dead chains that walked min_frames (not framing). */
        private final Map<Integer, StreamResult> spent = new LinkedHashMap<>();
        /** Stream bytes (sequence space) before the current payload. */
        private long pos;
        private int payloads;
        private int startsTaken;
        private boolean otherSpoke = true;
        private int prevLen = -1;
        private int maxLen;
        /** Set at a hole or a truncated payload: nothing after {@code pos} is walked. */
        private boolean cut;
        private boolean finished;

        public Scanner(Config cfg) {
            this(cfg, candidates(cfg));
        }

        public Scanner(Config cfg, List<Candidate> cands) {
            this(cfg, cands, null);
        }

        /**
         * @param listener told of every frame of every chain (null: none); the chains are the same whatever the
         *                 candidate list, so a scanner of one candidate walks the frames its chain walked among all
         */
        public Scanner(Config cfg, List<Candidate> cands, FrameListener listener) {
            this.cfg = cfg;
            this.cands = cands;
            this.listener = listener;
            int need = 0;
            for (Candidate c : cands) {
                need = Math.max(need, c.end());
            }
            this.headCap = Math.max(need, cfg.prefixBytes());
        }

        /** The other direction of the flow sent a payload: this direction's next payload can start a message. */
        public void otherDirection() {
            otherSpoke = true;
        }

        /** Bytes were lost before the next payload (a hole in the capture): the stream is cut here. */
        public void gap() {
            cut = true;
        }

        /**
         * The next payload of the direction: {@code len} captured bytes at {@code data[off..]}, {@code wireLen}
         * bytes in sequence space (more when the capture truncated the packet).
         */
        public void accept(byte[] data, int off, int len, int wireLen) {
            if (cut || finished) {
                return;
            }
            boolean start = payloads == 0 || otherSpoke || prevLen < maxLen || prevLen < MIN_FULL_SEGMENT;
            if (start && startsTaken < cfg.starts()) {
                startsTaken++;
                for (int i = 0; i < cands.size(); i++) {
                    if (!continued(i)) {
                        walkers.add(new Walker(i, cands.get(i), payloads, pos));
                    }
                }
            }
            long captured = pos + len;
            for (int k = 0; k < walkers.size(); k++) {
                Walker w = walkers.get(k);
                w.walk(data, off, pos, len);
                if (w.dead) {
                    retire(w);
                    walkers.set(k, walkers.get(walkers.size() - 1));
                    walkers.remove(walkers.size() - 1);
                    k--;
                }
            }
            pos = captured;
            payloads++;
            prevLen = wireLen;
            maxLen = Math.max(maxLen, wireLen);
            otherSpoke = false;
            if (len < wireLen) {
                cut = true; // the rest of this segment was not captured
            }
        }

        /** Whether an earlier start's chain of candidate {@code i} has a frame starting exactly here. */
        private boolean continued(int i) {
            for (Walker w : walkers) {
                if (w.index == i && w.next == pos && w.headLen < 0) {
                    return true;
                }
            }
            return false;
        }

        private void retire(Walker w) {
            if (w.whole >= cfg.minFrames()) {
                StreamResult r = new StreamResult(w.cand, w.startPayload, w.whole, false, false, true, w.minLen,
                        w.maxLen, List.of());
                spent.merge(w.index, r, (a, b) -> a.frames() >= b.frames() ? a : b);
            }
        }

        /**
         * The stream ended.
         *
         * @param cutAllowed the connection did not close normally (capture end, timeout, reset): the last frame may
         *                   be partial
         * @return per candidate whose chain walked at least {@code min_frames} whole frames, the framing result (from
         *     the earliest start that frames the stream, else the longest walk), in candidate order
         */
        public List<StreamResult> finish(boolean cutAllowed) {
            finished = true;
            Map<Integer, StreamResult> best = new java.util.TreeMap<>(spent);
            for (Walker w : walkers) {
                // between frames, the next one would start at or after the stream's end; a last frame ending exactly
                // there is whole
                boolean exact = w.headLen < 0 && w.next == pos;
                if (exact && w.started > 0) {
                    w.completeCurrent();
                }
                if (w.whole < cfg.minFrames()) {
                    continue;
                }
                boolean closed = !cutAllowed && !cut;
                boolean framed = exact || !closed;
                if (framed && !exact && listener != null && w.started > 0 && !w.curRecorded) {
                    // the stream ended inside its last frame (capture end, reset, truncated segment)
                    listener.frame(w.cand, w.startPayload, w.curPayload, w.curOffset, w.curStart, pos - w.curStart, false);
                }
                StreamResult r = new StreamResult(w.cand, w.startPayload, w.whole, framed, exact, closed, w.minLen,
                        w.maxLen, framed ? w.sample() : List.of());
                best.merge(w.index, r, (a, b) -> a.framed() != b.framed() ? (a.framed() ? a : b)
                        : a.framed() ? (a.startPayload() <= b.startPayload() ? a : b) : (a.frames() >= b.frames() ? a : b));
            }
            walkers.clear();
            return new ArrayList<>(best.values());
        }

        /** One candidate's chain from one start. */
        private final class Walker {
            final int index;
            final Candidate cand;
            final int startPayload;
            /** Stream position of the next frame's first byte (or of the current frame, while its header is read). */
            long next;
            /** Bytes of the current frame's header read so far, or -1 when between frames (its length is known). */
            int headLen = 0;
            final byte[] head;
            long curStart;
            long curLen = -1;
            int curPayload;
            /** The current frame's first byte within its payload. */
            int curOffset;
            boolean curRecorded;
            int started;
            long whole;
            long minLen = Long.MAX_VALUE;
            long maxLen;
            boolean dead;
            /** Sample of whole frames: payload index, length, prefix bytes (prefix length in a separate array). */
            int[] samplePayload = NO_INTS;
            long[] sampleLength = NO_LONGS;
            byte[] samplePrefix = NO_BYTES;
            int[] samplePrefixLen = NO_INTS;
            int sampled;
            /** The current frame's prefix when it is complete before the frame is (kept until the frame ends). */
            byte[] pendingPrefix;

            Walker(int index, Candidate cand, int startPayload, long startPos) {
                this.index = index;
                this.cand = cand;
                this.startPayload = startPayload;
                this.next = startPos;
                this.head = new byte[headCap];
                this.headLen = -1;
            }

            /** Walks over the payload holding stream bytes [base, base + len) at data[off..]. */
            void walk(byte[] data, int off, long base, int len) {
                long end = base + len;
                while (!dead) {
                    if (headLen < 0) {
                        // between frames: the current one ends at next
                        if (next >= end) {
                            return;
                        }
                        if (started > 0) {
                            completeCurrent();
                        }
                        started++;
                        curStart = next;
                        curLen = -1;
                        curRecorded = false;
                        curPayload = payloads;
                        curOffset = (int) (next - base);
                        headLen = 0;
                    }
                    // reading the current frame's leading bytes
                    long at = curStart + headLen; // >= base: frames are walked in stream order
                    int want = curLen < 0 ? headCap : (int) Math.min(headCap, curLen);
                    int n = (int) Math.min(want - headLen, end - at);
                    if (n > 0) {
                        System.arraycopy(data, off + (int) (at - base), head, headLen, n);
                        headLen += n;
                    }
                    if (curLen < 0 && headLen >= cand.end()) {
                        long v = cand.value(head, 0);
                        long l = v < 0 ? -1 : v + cand.adjust();
                        if (l < cand.end() || l > cfg.maxFrame()) {
                            dead = true;
                            return;
                        }
                        curLen = l;
                        next = curStart + l;
                        want = (int) Math.min(headCap, curLen);
                    }
                    if (curLen >= 0 && headLen >= want) {
                        pendingPrefix = Arrays.copyOf(head, Math.min(want, cfg.prefixBytes()));
                        headLen = -1;
                        continue;
                    }
                    return; // the header continues in the next payload
                }
            }

            /** The current frame is whole (the stream reached its end): count it and sample it. */
            void completeCurrent() {
                if (curRecorded || curLen < 0) {
                    return;
                }
                curRecorded = true;
                whole++;
                if (listener != null) {
                    listener.frame(cand, startPayload, curPayload, curOffset, curStart, curLen, true);
                }
                minLen = Math.min(minLen, curLen);
                maxLen = Math.max(maxLen, curLen);
                if (sampled < cfg.sampleFrames() && pendingPrefix != null) {
                    if (sampled == samplePayload.length) {
                        int cap = Math.min(cfg.sampleFrames(), Math.max(4, sampled * 2));
                        samplePayload = Arrays.copyOf(samplePayload, cap);
                        sampleLength = Arrays.copyOf(sampleLength, cap);
                        samplePrefixLen = Arrays.copyOf(samplePrefixLen, cap);
                        samplePrefix = Arrays.copyOf(samplePrefix, cap * cfg.prefixBytes());
                    }
                    samplePayload[sampled] = curPayload;
                    sampleLength[sampled] = curLen;
                    samplePrefixLen[sampled] = pendingPrefix.length;
                    System.arraycopy(pendingPrefix, 0, samplePrefix, sampled * cfg.prefixBytes(), pendingPrefix.length);
                    sampled++;
                }
                pendingPrefix = null;
            }

            List<Frame> sample() {
                List<Frame> out = new ArrayList<>(sampled);
                for (int i = 0; i < sampled; i++) {
                    int at = i * cfg.prefixBytes();
                    out.add(new Frame(samplePayload[i], sampleLength[i],
                            Arrays.copyOfRange(samplePrefix, at, at + samplePrefixLen[i])));
                }
                return out;
            }
        }
    }

    /** The framing {@link #choose} gives one stream: its candidate and that candidate's result there. */
    public record Choice(Candidate candidate, StreamResult result) {}

    /**
     * Decides the framing of every stream from the results of all streams (one list per stream, as
     * {@link Scanner#finish} returns them; empty for streams not scanned).
     *
     * @return per stream, its framing or null
     */
    public static List<Choice> choose(List<List<StreamResult>> streams, Config cfg) {
        Map<Candidate, long[]> stats = new LinkedHashMap<>(); // exact, against, min, max, framed
        for (List<StreamResult> s : streams) {
            for (StreamResult r : s) {
                long[] st = stats.computeIfAbsent(r.candidate(), k -> new long[] {0, 0, Long.MAX_VALUE, 0, 0});
                st[0] += r.decisive() && r.exact() ? 1 : 0;
                st[1] += r.decisive() && !r.exact() ? 1 : 0;
                if (r.framed()) {
                    st[2] = Math.min(st[2], r.minLength());
                    st[3] = Math.max(st[3], r.maxLength());
                    st[4]++;
                }
            }
        }
        List<Candidate> accepted = new ArrayList<>();
        for (Map.Entry<Candidate, long[]> e : stats.entrySet()) {
            long[] st = e.getValue();
            if (st[0] >= cfg.minStreams() && st[0] >= cfg.minShare() * (st[0] + st[1]) && st[3] > st[2]) {
                accepted.add(e.getKey());
            }
        }
        accepted.sort(Comparator.<Candidate>comparingLong(c -> -stats.get(c)[4]).thenComparing(SIMPLER));
        List<Choice> out = new ArrayList<>(streams.size());
        for (List<StreamResult> s : streams) {
            Choice pick = null;
            for (Candidate c : accepted) {
                for (StreamResult r : s) {
                    if (r.framed() && r.candidate().equals(c)) {
                        pick = new Choice(c, r);
                        break;
                    }
                }
                if (pick != null) {
                    break;
                }
            }
            out.add(pick);
        }
        return out;
    }
}
