package org.chatdissect.spark;

import java.io.Serializable;

/**
 * A flow of one file that may continue into a neighbouring file: it started within the idle timeout of the
 * file's first packet (or of an earlier such flow of the same 5-tuple), or it was still live at the file's
 * end. It carries the map side's verdict (used as is when no other file has a fragment of the 5-tuple) and
 * a compact log of its packets (header fields and the payload bytes classification can read, see
 * {@link PacketLog}) from which the merge side rebuilds the flow exactly.
 *
 * @param key        canonical 5-tuple (protocol, IP version, both endpoints in a fixed order)
 * @param startNanos first packet's time
 * @param endNanos   last packet's time
 * @param tail       the flow was still live when its file ended
 * @param log        the packet log, or null when it exceeded its bound ({@code overflow})
 * @param mapSide    the flow as the file's own flow table saw it
 */
public record Fragment(String key, long firstFrameRef, long startNanos, long endNanos, boolean tail, int protocol,
        int ipVersion, byte[] addrA, int portA, byte[] addrB, int portB, int packets, byte[] log, boolean overflow,
        FinishedFlow mapSide) implements Serializable {}
