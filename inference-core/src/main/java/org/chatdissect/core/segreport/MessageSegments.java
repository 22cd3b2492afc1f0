package org.chatdissect.core.segreport;

import java.util.List;

/**
 * One message of the segment report.
 *
 * @param frame      1-based frame number of the message's first packet in its file (as tshark counts)
 * @param length     bytes of the whole message (all its packets)
 * @param boundaries offsets where a field starts, excluding 0, within the scope of the first packet
 * @param fields     the fields those boundaries delimit, typed when the message heads a typed protocol group
 */
public record MessageSegments(String file, long frame, String flow, long length, int[] boundaries,
                              List<FieldRow> fields) {
    public MessageSegments {
        boundaries = boundaries.clone();
        fields = List.copyOf(fields);
    }

    @Override
    public int[] boundaries() {
        return boundaries.clone();
    }
}
