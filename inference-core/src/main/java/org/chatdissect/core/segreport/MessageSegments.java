package org.chatdissect.core.segreport;

import java.util.List;

/**
 * One message of the segment report.
 *
 * @param frame      1-based frame number of the message's first packet in its file (as tshark counts); for a frame of
 *                   a length-prefix framed stream, of the packet holding the frame's first byte
 * @param length     bytes of the whole message (all its packets; a frame's length)
 * @param boundaries offsets where a field starts, excluding 0, within the scope of the first packet
 * @param fields     the fields those boundaries delimit, typed when the message heads a typed protocol group
 * @param offset     for a frame, its first byte's offset within the payload of packet {@code frame}; -1 otherwise
 * @param framing    for a frame, its stream's framing (e.g. {@code 0-7 length little +8}); null for a message of
 *                   packets
 */
public record MessageSegments(String file, long frame, String flow, long length, int[] boundaries,
                              List<FieldRow> fields, int offset, String framing) {
    public MessageSegments {
        boundaries = boundaries.clone();
        fields = List.copyOf(fields);
    }

    /** A message of packets (a protocol packet and the continuation packets after it). */
    public MessageSegments(String file, long frame, String flow, long length, int[] boundaries, List<FieldRow> fields) {
        this(file, frame, flow, length, boundaries, fields, -1, null);
    }

    @Override
    public int[] boundaries() {
        return boundaries.clone();
    }
}
