package org.chatdissect.core.capture;

/**
 * One frame as it came out of a capture file, before any decoding.
 *
 * <p>Mutable and reused by {@link PacketSource#next(PacketRecord)} so that the bulk path allocates
 * nothing per packet; copy what must outlive the next call.
 */
public final class PacketRecord {
    /** Index of the file in the input list (0-based), so outputs can name the file. */
    public int fileIndex;
    /** 1-based frame number inside its file, as tshark counts frames. */
    public long frameNumber;
    /** Capture timestamp in nanoseconds since the epoch. */
    public long timestampNanos;
    /** Link type of the interface that captured the frame (LINKTYPE_* numbers of the pcap spec). */
    public int linkType;
    /** Length on the wire; larger than {@link #length} when the capture was truncated by snaplen. */
    public int originalLength;
    /**
     * Backing array; frame bytes are {@code data[offset .. offset+length)}. Readers may point it into their own
     * read window (no copy per frame), so neither assume {@code offset == 0} nor write into it.
     */
    public byte[] data = new byte[65536];
    public int offset;
    /** Captured length. */
    public int length;

    public PacketRecord copy() {
        PacketRecord r = new PacketRecord();
        r.fileIndex = fileIndex;
        r.frameNumber = frameNumber;
        r.timestampNanos = timestampNanos;
        r.linkType = linkType;
        r.originalLength = originalLength;
        r.data = java.util.Arrays.copyOfRange(data, offset, offset + length);
        r.offset = 0;
        r.length = length;
        return r;
    }
}
