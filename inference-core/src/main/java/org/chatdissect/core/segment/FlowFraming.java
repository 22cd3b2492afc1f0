package org.chatdissect.core.segment;

import java.util.List;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowEndReason;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FlowType;

/**
 * The length-prefix framing scan of one TCP flow, as the trainer ({@code TrainingCollector}) and the segment report
 * ({@code ReportCollector}) run it: one {@link LengthPrefixFraming.Scanner} per direction, fed every payload in
 * stream order (the other direction's payloads mark message starts), dropped once the flow is typed DNS, HTTP or TLS,
 * and finished at the flow's end, the last frame allowed to be cut unless the connection closed with a FIN. A flow
 * with holes in the capture is left unframed (every later frame would be shifted). Hang one on the flow's
 * attachment; memory is the scanners'.
 */
public final class FlowFraming {
    private LengthPrefixFraming.Scanner up;
    private LengthPrefixFraming.Scanner down;

    /** What the scanners of both directions found, as {@link LengthPrefixFraming.Scanner#finish} returns it. */
    public record Streams(List<LengthPrefixFraming.StreamResult> up, List<LengthPrefixFraming.StreamResult> down) {
        public Streams {
            up = List.copyOf(up);
            down = List.copyOf(down);
        }

        public List<LengthPrefixFraming.StreamResult> of(Direction dir) {
            return dir == Direction.UP ? up : down;
        }
    }

    public FlowFraming(LengthPrefixFraming.Config cfg, List<LengthPrefixFraming.Candidate> candidates) {
        this(cfg, candidates, null, null);
    }

    /** @param upListener, downListener told of the frames of each direction's chains (null: none) */
    public FlowFraming(LengthPrefixFraming.Config cfg, List<LengthPrefixFraming.Candidate> candidates,
                       LengthPrefixFraming.FrameListener upListener, LengthPrefixFraming.FrameListener downListener) {
        up = new LengthPrefixFraming.Scanner(cfg, candidates, upListener);
        down = new LengthPrefixFraming.Scanner(cfg, candidates, downListener);
    }

    /**
     * One (non-empty) payload of the flow, in stream order.
     *
     * @param flowType the flow's type so far ({@link Flow#flowType}, null while undecided)
     */
    public void payload(FlowType flowType, Direction dir, byte[] data, int off, int len, int wireLen) {
        if (up == null) {
            return;
        }
        if (flowType != null && flowType != FlowType.TCP) {
            up = null; // DNS, HTTP or TLS: not header-learning material
            down = null;
            return;
        }
        (dir == Direction.UP ? up : down).accept(data, off, len, wireLen);
        (dir == Direction.UP ? down : up).otherDirection();
    }

    /**
     * The flow ended (call once, at {@code onFlowEnd} of a flow whose final type is TCP).
     *
     * @return both directions' results, or null when the scan was dropped or the flow has holes
     */
    public Streams finish(Flow flow) {
        if (up == null || flow.sequenceGaps != 0) {
            return null;
        }
        boolean cut = flow.endReason != FlowEndReason.FIN;
        Streams s = new Streams(up.finish(cut), down.finish(cut));
        up = null;
        down = null;
        return s;
    }
}
