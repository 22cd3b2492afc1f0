package org.chatdissect.core.segment;

import java.util.Arrays;

/**
 * Field boundaries of one payload prefix: sorted, distinct offsets in (0, length). A boundary b means a field
 * starts at byte b; offset 0 and the end are implicit.
 */
public record Segmentation(int length, int[] boundaries) {
    public Segmentation {
        boundaries = boundaries.clone();
        Arrays.sort(boundaries);
        for (int i = 0; i < boundaries.length; i++) {
            if (boundaries[i] <= 0 || boundaries[i] >= length || (i > 0 && boundaries[i] == boundaries[i - 1])) {
                throw new IllegalArgumentException("bad boundaries " + Arrays.toString(boundaries) + " for length " + length);
            }
        }
    }

    @Override
    public int[] boundaries() {
        return boundaries.clone();
    }

    /** Field start offsets, beginning with 0. */
    public int[] starts() {
        int[] s = new int[boundaries.length + 1];
        System.arraycopy(boundaries, 0, s, 1, boundaries.length);
        return s;
    }

    public int fieldCount() {
        return boundaries.length + 1;
    }

    public int fieldStart(int i) {
        return i == 0 ? 0 : boundaries[i - 1];
    }

    public int fieldEnd(int i) {
        return i == boundaries.length ? length : boundaries[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segmentation s && s.length == length && Arrays.equals(s.boundaries, boundaries);
    }

    @Override
    public int hashCode() {
        return 31 * length + Arrays.hashCode(boundaries);
    }

    /** e.g. {@code 0-3|4-7|8-10|11|12-15}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fieldCount(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            int s = fieldStart(i);
            int e = fieldEnd(i) - 1;
            sb.append(s == e ? Integer.toString(s) : s + "-" + e);
        }
        return sb.toString();
    }
}
