package org.chatdissect.match.report;

/** Uplink and downlink payload bytes. */
public record Volume(long up, long down) {
    public static final Volume ZERO = new Volume(0, 0);

    public long total() {
        return up + down;
    }

    public Volume plus(long moreUp, long moreDown) {
        return new Volume(up + moreUp, down + moreDown);
    }

    /** What {@code this} has beyond {@code other}, per direction, never negative. */
    public Volume beyond(Volume other) {
        return new Volume(Math.max(0, up - other.up), Math.max(0, down - other.down));
    }
}
