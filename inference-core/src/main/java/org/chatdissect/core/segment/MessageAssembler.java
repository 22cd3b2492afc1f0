package org.chatdissect.core.segment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.chatdissect.core.params.Parameters.LeadingFragments;
import org.chatdissect.model.Direction;

/**
 * Packet defragmentation, step two: in a TCP flow each non-protocol packet is appended to the preceding protocol
 * packet of the same direction; UDP packets are messages on their own.
 *
 * <p>Continuation packets before the first protocol packet of their direction (capture started mid-message) are,
 * under {@link LeadingFragments#OWN_MESSAGE}, collected into one flagged leading message per run, so that byte
 * counts stay complete but nothing is inferred from them; {@link LeadingFragments#DROP} discards them.
 */
public final class MessageAssembler {
    private final LeadingFragments leading;

    public MessageAssembler(LeadingFragments leading) {
        this.leading = leading;
    }

    public List<Message> assembleUdp(List<PayloadSample> packets) {
        List<Message> out = new ArrayList<>(packets.size());
        for (PayloadSample p : packets) {
            out.add(new Message(p.dir(), p.frame(), p.tsNanos(), p.length(), p.prefix(), 1, false));
        }
        return out;
    }

    /** @param packets one TCP flow in stream order */
    public List<Message> assembleTcp(List<PayloadSample> packets) {
        List<Builder> built = new ArrayList<>();
        Map<Direction, Builder> open = new EnumMap<>(Direction.class);
        for (PayloadSample p : packets) {
            Builder cur = open.get(p.dir());
            if (p.protocol()) {
                cur = new Builder(p, false);
                built.add(cur);
                open.put(p.dir(), cur);
            } else if (cur != null) {
                cur.add(p);
            } else if (leading == LeadingFragments.OWN_MESSAGE) {
                cur = new Builder(p, true);
                built.add(cur);
                open.put(p.dir(), cur);
            }
        }
        List<Message> out = new ArrayList<>(built.size());
        for (Builder b : built) {
            out.add(b.build());
        }
        return out;
    }

    private static final class Builder {
        final PayloadSample first;
        final boolean leading;
        long total;
        int count;

        Builder(PayloadSample first, boolean leading) {
            this.first = first;
            this.leading = leading;
            this.total = first.length();
            this.count = 1;
        }

        void add(PayloadSample p) {
            total += p.length();
            count++;
        }

        Message build() {
            return new Message(first.dir(), first.frame(), first.tsNanos(), total,
                    leading ? new byte[0] : first.prefix(), count, leading);
        }
    }
}
