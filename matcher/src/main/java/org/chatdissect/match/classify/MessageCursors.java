package org.chatdissect.match.classify;

import org.chatdissect.model.Direction;

/**
 * The message each direction of a TCP flow is in (non-protocol packets continue it), and the per-flow bound on
 * messages: past {@link #MAX_MESSAGES} a new message is not kept and its packets are not attributed, so a
 * pathological flow cannot grow the tracker without limit.
 */
final class MessageCursors<M extends TrackedMessage> {
    /** Messages kept per flow at most. */
    static final int MAX_MESSAGES = 100_000;

    private M up;
    private M down;
    private int messages;

    M current(Direction dir) {
        return dir == Direction.UP ? up : down;
    }

    void set(Direction dir, M m) {
        if (dir == Direction.UP) {
            up = m;
        } else {
            down = m;
        }
    }

    /** Counts a new message in {@code dir}; false (and the direction's message closed) once the bound is reached. */
    boolean admit(Direction dir) {
        if (messages >= MAX_MESSAGES) {
            set(dir, null);
            return false;
        }
        messages++;
        return true;
    }
}
