package org.chatdissect.spark;

/**
 * A frame of the whole input as one long: the file's index (in input order) above bit 40, the 1-based frame
 * number inside the file below. A flow table replaying packets of several files sees these as frame numbers,
 * so flows and tasks rebuilt across files still know where they began. 2^40 frames per file, 2^23 files.
 */
public final class FrameRef {
    private static final int SHIFT = 40;
    private static final long MASK = (1L << SHIFT) - 1;

    private FrameRef() {}

    public static long of(int fileIndex, long frame) {
        if (frame < 0 || frame > MASK) {
            throw new IllegalArgumentException("frame " + frame + " out of range");
        }
        return ((long) fileIndex << SHIFT) | frame;
    }

    public static int file(long ref) {
        return (int) (ref >>> SHIFT);
    }

    public static long frame(long ref) {
        return ref & MASK;
    }
}
