package org.chatdissect.core.capture;

import java.io.IOException;
import java.nio.ByteOrder;

/** Classic libpcap files: micro- or nanosecond magic, either byte order, one link type per file. */
final class PcapFileSource extends FileSource {
    static final int MAGIC_MICRO = 0xA1B2C3D4;
    static final int MAGIC_NANO = 0xA1B23C4D;
    /** Alexey Kuznetzov's patched libpcap: micro magic with 24-byte record headers. */
    static final int MAGIC_KUZNETZOV = 0xA1B2CD34;
    static final int HEADER = 24;

    private final boolean nanos;
    private final int recordHeader;
    private final int linkType;
    private final int maxRecord;
    private final long snaplen;

    /** True when the first four bytes (read big-endian) are a pcap magic in either byte order. */
    static boolean isMagic(int be) {
        int le = Integer.reverseBytes(be);
        return be == MAGIC_MICRO || be == MAGIC_NANO || be == MAGIC_KUZNETZOV
                || le == MAGIC_MICRO || le == MAGIC_NANO || le == MAGIC_KUZNETZOV;
    }

    PcapFileSource(ByteInput in, String name, int fileIndex, CaptureStats stats) throws IOException {
        super(in, name, fileIndex, stats);
        if (in.ensure(HEADER) < HEADER) {
            throw new CaptureFormatException(name + ": pcap file header cut short (" + in.available()
                    + " of 24 bytes), not a readable capture");
        }
        in.order(ByteOrder.BIG_ENDIAN);
        int magic = in.i32(0);
        if (magic != MAGIC_MICRO && magic != MAGIC_NANO && magic != MAGIC_KUZNETZOV) {
            in.order(ByteOrder.LITTLE_ENDIAN);
            magic = in.i32(0);
        }
        nanos = magic == MAGIC_NANO;
        recordHeader = magic == MAGIC_KUZNETZOV ? 24 : 16;
        snaplen = in.u32(16);
        // The link-type field also carries FCS flags in its upper bits; the type is the low 16 bits.
        linkType = in.i32(20) & 0xFFFF;
        // Some writers use snaplens above the standard maximum (e.g. for USB); trust them up to what the
        // window can hold, since a larger caplen is far more likely a damaged header than a real frame.
        maxRecord = (int) Math.max(MAX_RECORD, Math.min(snaplen, in.capacity() - recordHeader));
        in.advance(HEADER);
    }

    @Override
    boolean next(PacketRecord r) throws IOException {
        while (!done) {
            if (readRecord(r)) {
                return true;
            }
        }
        return false;
    }

    /** Reads one record: true when {@code r} holds a frame; false after a skipped one or at the end ({@code done}). */
    private boolean readRecord(PacketRecord r) throws IOException {
        int avail = in.ensure(recordHeader);
        if (avail == 0) {
            endOfData();
            return false;
        }
        if (avail < recordHeader) {
            truncated("record header has " + avail + " of " + recordHeader + " bytes");
            return false;
        }
        // the four header fields straight from the window (ensured above): the per-record hot path, written out
        // because C1 inlines no method of this size (four calls a record were ~4% of a classify run)
        byte[] a = in.array();
        int at = in.position();
        int s0;
        int s1;
        int s2;
        int s3;
        if (in.littleEndian()) {
            s0 = (a[at] & 0xFF) | (a[at + 1] & 0xFF) << 8 | (a[at + 2] & 0xFF) << 16 | a[at + 3] << 24;
            s1 = (a[at + 4] & 0xFF) | (a[at + 5] & 0xFF) << 8 | (a[at + 6] & 0xFF) << 16 | a[at + 7] << 24;
            s2 = (a[at + 8] & 0xFF) | (a[at + 9] & 0xFF) << 8 | (a[at + 10] & 0xFF) << 16 | a[at + 11] << 24;
            s3 = (a[at + 12] & 0xFF) | (a[at + 13] & 0xFF) << 8 | (a[at + 14] & 0xFF) << 16 | a[at + 15] << 24;
        } else {
            s0 = a[at] << 24 | (a[at + 1] & 0xFF) << 16 | (a[at + 2] & 0xFF) << 8 | (a[at + 3] & 0xFF);
            s1 = a[at + 4] << 24 | (a[at + 5] & 0xFF) << 16 | (a[at + 6] & 0xFF) << 8 | (a[at + 7] & 0xFF);
            s2 = a[at + 8] << 24 | (a[at + 9] & 0xFF) << 16 | (a[at + 10] & 0xFF) << 8 | (a[at + 11] & 0xFF);
            s3 = a[at + 12] << 24 | (a[at + 13] & 0xFF) << 16 | (a[at + 14] & 0xFF) << 8 | (a[at + 15] & 0xFF);
        }
        long sec = s0 & 0xFFFFFFFFL;
        long frac = s1 & 0xFFFFFFFFL;
        long caplen = s2 & 0xFFFFFFFFL;
        long origlen = s3 & 0xFFFFFFFFL;
        if (caplen > maxRecord) {
            // the file's snaplen allows it and it is no longer than the frame was on the wire: a real jumbo frame
            // (a 20 MB loopback write), not a damaged header
            if (caplen <= snaplen && caplen <= origlen) {
                oversized(caplen);
                long bytes = recordHeader + caplen;
                if (in.skip(bytes) < bytes) {
                    stats.warn(name + ": frame " + frames + " cut short (oversized record), file ends early");
                    done = true;
                }
                return false;
            }
            corrupt("captured length " + caplen + " exceeds " + maxRecord);
            return false;
        }
        int need = recordHeader + (int) caplen;
        avail = in.ensure(need);
        if (avail < need) {
            truncated("record has " + (avail - recordHeader) + " of " + caplen + " bytes");
            return false;
        }
        long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        emit(r, linkType, ts, (int) caplen, origlen, recordHeader);
        in.advance(need);
        return true;
    }
}
