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
        long snaplen = in.u32(16);
        // The link-type field also carries FCS flags in its upper bits; the type is the low 16 bits.
        linkType = in.i32(20) & 0xFFFF;
        // Some writers use snaplens above the standard maximum (e.g. for USB); trust them up to what the
        // window can hold, since a larger caplen is far more likely a damaged header than a real frame.
        maxRecord = (int) Math.max(MAX_RECORD, Math.min(snaplen, in.capacity() - recordHeader));
        in.advance(HEADER);
    }

    @Override
    boolean next(PacketRecord r) throws IOException {
        if (done) {
            return false;
        }
        int avail = in.ensure(recordHeader);
        if (avail == 0) {
            endOfData();
            return false;
        }
        if (avail < recordHeader) {
            truncated("record header has " + avail + " of " + recordHeader + " bytes");
            return false;
        }
        // the four header fields straight from the window (ensured above): the per-record hot path
        byte[] a = in.array();
        int at = in.position();
        boolean le = in.littleEndian();
        long sec = u32(a, at, le);
        long frac = u32(a, at + 4, le);
        long caplen = u32(a, at + 8, le);
        long origlen = u32(a, at + 12, le);
        if (caplen > maxRecord) {
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

    private static long u32(byte[] a, int i, boolean le) {
        int b0 = a[i] & 0xFF;
        int b1 = a[i + 1] & 0xFF;
        int b2 = a[i + 2] & 0xFF;
        int b3 = a[i + 3] & 0xFF;
        int v = le ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
        return v & 0xFFFFFFFFL;
    }
}
