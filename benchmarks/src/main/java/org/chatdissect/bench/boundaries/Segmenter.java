package org.chatdissect.bench.boundaries;

import java.util.List;

/** A field segmenter under evaluation: sees the whole corpus (VE learns its statistics from it). */
@FunctionalInterface
public interface Segmenter {
    /** Returns, for each message, its sorted boundaries strictly inside the message. */
    List<int[]> segment(List<byte[]> messages);

    /** The floor to beat: a boundary every {@code width} bytes. */
    static Segmenter fixedWidth(int width) {
        return msgs -> msgs.stream().map(m -> {
            int n = Math.max(0, (m.length - 1) / width);
            int[] b = new int[n];
            for (int i = 0; i < n; i++) {
                b[i] = (i + 1) * width;
            }
            return b;
        }).toList();
    }
}
