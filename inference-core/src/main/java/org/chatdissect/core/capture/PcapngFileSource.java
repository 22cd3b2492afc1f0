package org.chatdissect.core.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * pcapng files: any number of sections (each with its own byte order and interfaces), enhanced, simple
 * and obsolete packet blocks; every other block type is skipped by its length.
 */
final class PcapngFileSource extends FileSource {
    static final int SHB = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IDB = 1;
    private static final int OBSOLETE_PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int OPT_END = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    static final String UNKNOWN_INTERFACE = "pcapng_unknown_interface";
    /** A time stamp past what signed 64-bit nanoseconds since 1970 hold (the year 2262). */
    static final String BAD_TIMESTAMP = "pcapng_timestamp_overflow";
    /** An interface whose if_tsoffset itself overflows: every time stamp of it is bad. */
    private static final long BAD_OFFSET = Long.MIN_VALUE;

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    // Interfaces of the current section, indexed by interface id.
    private int interfaces;
    private int[] linkTypes = new int[4];
    private long[] snaplens = new long[4];
    private int[] tsresols = new int[4];
    private long[] tsoffsetNanos = new long[4];
    /** Simple packet blocks carry no timestamp; they get the last one seen so time never runs back. */
    private long lastTimestamp;

    PcapngFileSource(ByteInput in, String name, int fileIndex, CaptureStats stats) throws IOException {
        super(in, name, fileIndex, stats);
        if (in.ensure(28) < 28) {
            throw new CaptureFormatException(name + ": pcapng section header cut short, not a readable capture");
        }
        if (!readByteOrder()) {
            throw new CaptureFormatException(name + ": pcapng section header has no byte-order magic, not a capture");
        }
    }

    /** Sets the window's byte order from the section header at the current position. */
    private boolean readByteOrder() {
        in.order(ByteOrder.BIG_ENDIAN);
        int bom = in.i32(8);
        if (bom == BYTE_ORDER_MAGIC) {
            return true;
        }
        if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            in.order(ByteOrder.LITTLE_ENDIAN);
            return true;
        }
        return false;
    }

    /**
     * A packet block larger than the reader's window: skipped unread, its trailer (which repeats the length) checked;
     * counted as oversized, or as truncated or corrupt when the file ends inside it or the trailer disagrees.
     *
     * @return false when the file ends here
     */
    private boolean skipOversized(long len) throws IOException {
        long body = len - 4;
        if (in.skip(body) < body || in.ensure(4) < 4) {
            truncated("block of " + len + " bytes, larger than the reader's window");
            return false;
        }
        if (in.u32(0) != len) {
            corrupt("block length " + len + " does not match trailer " + in.u32(0));
            return false;
        }
        in.advance(4);
        oversized(len - 12);
        return true;
    }

    private static boolean isPacketBlock(int type) {
        return type == EPB || type == SPB || type == OBSOLETE_PB;
    }

    @Override
    boolean next(PacketRecord r) throws IOException {
        while (!done) {
            int avail = in.ensure(12);
            if (avail == 0) {
                endOfData();
                return false;
            }
            if (avail < 12) {
                truncated("block header has " + avail + " of 12 bytes");
                return false;
            }
            int type = in.i32(0);
            if (type == SHB && !readByteOrder()) {
                corrupt("section header without byte-order magic");
                return false;
            }
            long len = in.u32(4);
            if (len < 12 || (len & 3) != 0) {
                corrupt("block length " + len);
                return false;
            }
            if (len > in.capacity()) {
                if (isPacketBlock(type)) {
                    if (!skipOversized(len)) {
                        return false;
                    }
                    continue;
                }
                if (isPacketBlock(type) || type == SHB || type == IDB) {
                    corrupt("block length " + len + " too large");
                    return false;
                }
                if (in.skip(len) < len) {
                    endOfData();
                    stats.warn(name + ": last block (type " + type + ") cut short");
                }
                continue;
            }
            int blockLen = (int) len;
            avail = in.ensure(blockLen);
            if (avail < blockLen) {
                if (isPacketBlock(type)) {
                    truncated("block has " + avail + " of " + blockLen + " bytes");
                } else {
                    endOfData();
                    stats.warn(name + ": last block (type " + type + ") cut short");
                }
                return false;
            }
            if (in.u32(blockLen - 4) != len) {
                corrupt("block length " + len + " does not match trailer " + in.u32(blockLen - 4));
                return false;
            }
            boolean emitted;
            switch (type) {
                case SHB:
                    interfaces = 0;
                    emitted = false;
                    break;
                case IDB:
                    if (blockLen < 20) {
                        corrupt("interface block of " + blockLen + " bytes");
                        return false;
                    }
                    addInterface(blockLen);
                    emitted = false;
                    break;
                case EPB:
                    if (blockLen < 32) {
                        corrupt("enhanced packet block of " + blockLen + " bytes");
                        return false;
                    }
                    emitted = packet(r, in.i32(8), in.u32(12), in.u32(16), in.u32(20), in.u32(24), 28, blockLen);
                    break;
                case OBSOLETE_PB:
                    if (blockLen < 32) {
                        corrupt("packet block of " + blockLen + " bytes");
                        return false;
                    }
                    emitted = packet(r, in.u16(8), in.u32(12), in.u32(16), in.u32(20), in.u32(24), 28, blockLen);
                    break;
                case SPB:
                    if (blockLen < 16) {
                        corrupt("simple packet block of " + blockLen + " bytes");
                        return false;
                    }
                    emitted = simplePacket(r, blockLen);
                    break;
                default:
                    emitted = false;
            }
            if (done) {
                return false;
            }
            in.advance(blockLen);
            if (emitted) {
                return true;
            }
        }
        return false;
    }

    private boolean packet(PacketRecord r, int ifId, long tsHigh, long tsLow, long caplen, long origlen, int dataRel,
            int blockLen) {
        if (caplen > blockLen - dataRel - 4) {
            corrupt("captured length " + caplen + " exceeds its block");
            return false;
        }
        if (ifId < 0 || ifId >= interfaces) {
            unusable(UNKNOWN_INTERFACE);
            return false;
        }
        long ts = exactNanos((tsHigh << 32) | tsLow, tsresols[ifId], tsoffsetNanos[ifId]);
        if (ts == Long.MIN_VALUE) {
            unusable(BAD_TIMESTAMP);
            if (!warnedTimestamp) {
                warnedTimestamp = true;
                stats.warn(name + ": frame " + frames + ": time stamp beyond the year 2262 (if_tsresol "
                        + tsresols[ifId] + ", if_tsoffset " + (tsoffsetNanos[ifId] == BAD_OFFSET ? "overflowing"
                        : tsoffsetNanos[ifId] / 1_000_000_000L + " s") + "), counted as " + BAD_TIMESTAMP
                        + " (so are any further ones of this file)");
            }
            return false;
        }
        lastTimestamp = ts;
        emit(r, linkTypes[ifId], ts, (int) caplen, origlen, dataRel);
        return true;
    }

    private boolean simplePacket(PacketRecord r, int blockLen) {
        if (interfaces == 0) {
            unusable(UNKNOWN_INTERFACE);
            return false;
        }
        long origlen = in.u32(8);
        long caplen = Math.min(origlen, blockLen - 16);
        if (snaplens[0] != 0) {
            caplen = Math.min(caplen, snaplens[0]);
        }
        emit(r, linkTypes[0], lastTimestamp, (int) caplen, origlen, 12);
        return true;
    }

    private void addInterface(int blockLen) {
        if (interfaces == linkTypes.length) {
            int n = interfaces * 2;
            linkTypes = Arrays.copyOf(linkTypes, n);
            snaplens = Arrays.copyOf(snaplens, n);
            tsresols = Arrays.copyOf(tsresols, n);
            tsoffsetNanos = Arrays.copyOf(tsoffsetNanos, n);
        }
        int i = interfaces++;
        linkTypes[i] = in.u16(8);
        snaplens[i] = in.u32(12);
        tsresols[i] = 6;
        tsoffsetNanos[i] = 0;
        int p = 16;
        int end = blockLen - 4;
        // Options are TLVs padded to 4 bytes; a damaged one just ends the option list.
        while (p + 4 <= end) {
            int code = in.u16(p);
            int olen = in.u16(p + 2);
            if (code == OPT_END || p + 4 + olen > end) {
                break;
            }
            if (code == IF_TSRESOL && olen >= 1) {
                tsresols[i] = in.u8(p + 4);
            } else if (code == IF_TSOFFSET && olen >= 8) {
                long sec = in.i64(p + 4);
                tsoffsetNanos[i] = Math.abs(sec) > Long.MAX_VALUE / 1_000_000_000L ? BAD_OFFSET : sec * 1_000_000_000L;
            }
            p += 4 + ((olen + 3) & ~3);
        }
    }

    private boolean warnedTimestamp;

    /**
     * The frame's time in nanoseconds since 1970: {@code ts} (unsigned, in if_tsresol units) plus the interface's
     * offset, or {@link Long#MIN_VALUE} when it does not fit in a signed 64-bit count (rather than a negative or
     * wrapped time that would end every flow at once).
     */
    static long exactNanos(long ts, int tsresol, long offsetNanos) {
        if (offsetNanos == BAD_OFFSET) {
            return Long.MIN_VALUE;
        }
        boolean fits;
        if ((tsresol & 0x80) == 0) {
            int e = tsresol;
            // finer than nanoseconds divides: any unsigned 64-bit count fits
            fits = e >= 10 || (ts >= 0 && ts <= Long.MAX_VALUE / POW10[9 - e]);
        } else {
            int p = tsresol & 0x7F;
            // whole seconds below the last one that fits, so that the fraction cannot carry past it
            fits = p >= 64 || Long.compareUnsigned(ts >>> p, Long.MAX_VALUE / 1_000_000_000L) < 0;
        }
        if (!fits) {
            return Long.MIN_VALUE;
        }
        long n = toNanos(ts, tsresol);
        long sum = n + offsetNanos;
        // signed overflow of the addition: both operands of one sign, the sum of the other
        return ((n ^ sum) & (offsetNanos ^ sum)) < 0 ? Long.MIN_VALUE : sum;
    }

    /** Converts a timestamp in if_tsresol units (10^-n, or 2^-n when the top bit is set) to nanoseconds. */
    static long toNanos(long ts, int tsresol) {
        if ((tsresol & 0x80) == 0) {
            int e = tsresol;
            if (e == 9) {
                return ts;
            }
            if (e < 9) {
                return ts * POW10[9 - e];
            }
            return e - 9 < POW10.length ? Long.divideUnsigned(ts, POW10[e - 9]) : 0;
        }
        int p = tsresol & 0x7F;
        if (p == 0) {
            return ts * 1_000_000_000L;
        }
        if (p >= 64) {
            return 0;
        }
        long sec = ts >>> p;
        long frac = ts & ((1L << p) - 1);
        long fracNanos;
        if (p <= 34) {
            fracNanos = (frac * 1_000_000_000L) >>> p;
        } else {
            long a = frac << (64 - p); // the fraction scaled to 2^64
            fracNanos = Math.multiplyHigh(a, 1_000_000_000L) + ((a >> 63) & 1_000_000_000L);
        }
        return sec * 1_000_000_000L + fracNanos;
    }
}
