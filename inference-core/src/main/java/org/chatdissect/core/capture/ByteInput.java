package org.chatdissect.core.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * A refilled window over a channel. Readers ask for {@link #ensure(int)} bytes, parse headers in place
 * with the absolute getters and copy frame bytes out, so a record costs one copy and no allocation.
 *
 * <p>The window is a heap buffer and headers are read from its array with plain index arithmetic: that is
 * several times cheaper per record than {@link ByteBuffer} getters on a direct buffer when the JIT does not
 * inline deeply (the launcher runs bulk commands on C1), while the price, one extra bulk copy per refill inside
 * {@code FileChannel.read}, is paid per megabyte, not per record. Its capacity bounds the largest record a
 * reader can see in one piece.
 */
final class ByteInput implements Closeable {
    static final int CAPACITY = 1 << 20;

    private final ReadableByteChannel channel;
    private final ByteBuffer buf;
    /** The window's array: {@code buf} positions are indexes into it (the window's array offset is 0). */
    private final byte[] a;
    private boolean little;
    private boolean eof;
    /** Bytes consumed before the current buffer position, for messages. */
    private long consumedBefore;
    /** Why a compressed stream ended early, or null. */
    private String streamError;

    /** Reads {@code channel} through {@code window}, which the caller may reuse once this is closed. */
    ByteInput(ReadableByteChannel channel, ByteBuffer window) {
        this.channel = channel;
        if (!window.hasArray() || window.arrayOffset() != 0) {
            throw new IllegalArgumentException("window must be a heap buffer with array offset 0");
        }
        this.buf = window;
        this.a = window.array();
        buf.clear();
        buf.limit(0);
    }

    static ByteBuffer newWindow() {
        return ByteBuffer.allocate(CAPACITY);
    }

    String streamError() {
        return streamError;
    }

    void order(ByteOrder order) {
        buf.order(order);
        little = order == ByteOrder.LITTLE_ENDIAN;
    }

    ByteOrder order() {
        return buf.order();
    }

    int capacity() {
        return buf.capacity();
    }

    /** Offset in the stream of the next unread byte. */
    long streamOffset() {
        return consumedBefore + buf.position();
    }

    int available() {
        return buf.remaining();
    }

    /**
     * Makes {@code n} bytes (at most the capacity) readable at the current position.
     *
     * @return the bytes available, less than {@code n} only at the end of the stream
     */
    int ensure(int n) throws IOException {
        if (buf.remaining() >= n) {
            return buf.remaining();
        }
        if (n > buf.capacity()) {
            throw new IllegalArgumentException("window too small for " + n);
        }
        if (buf.position() + n > buf.capacity()) {
            consumedBefore += buf.position();
            buf.compact();
            buf.flip();
        }
        while (buf.remaining() < n && !eof) {
            int pos = buf.position();
            int lim = buf.limit();
            buf.position(lim);
            buf.limit(buf.capacity());
            int r;
            try {
                r = channel.read(buf);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                // A gzip file cut short or damaged: the frames before the damage are still good.
                streamError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                r = -1;
            }
            buf.limit(buf.position());
            buf.position(pos);
            if (r < 0) {
                eof = true;
            }
        }
        return buf.remaining();
    }

    /** True when no byte is left (reads ahead if needed). */
    boolean atEnd() throws IOException {
        return ensure(1) == 0;
    }

    int u8(int rel) {
        int i = buf.position() + rel;
        if (!checkIndex(i, 1)) {
            throw new IndexOutOfBoundsException(i);
        }
        return a[i] & 0xFF;
    }

    int u16(int rel) {
        int i = buf.position() + rel;
        if (!checkIndex(i, 2)) {
            throw new IndexOutOfBoundsException(i);
        }
        int b0 = a[i] & 0xFF;
        int b1 = a[i + 1] & 0xFF;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    int i32(int rel) {
        return i32At(buf.position() + rel);
    }

    private int i32At(int i) {
        if (checkIndex(i, 4)) {
            int b0 = a[i] & 0xFF;
            int b1 = a[i + 1] & 0xFF;
            int b2 = a[i + 2] & 0xFF;
            int b3 = a[i + 3];
            return little ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | (b3 & 0xFF);
        }
        throw new IndexOutOfBoundsException(i);
    }

    /** Reads stay inside the bytes made readable, as the ByteBuffer getters enforced. */
    private boolean checkIndex(int i, int n) {
        return i >= 0 && i + n <= buf.limit();
    }

    long u32(int rel) {
        return i32(rel) & 0xFFFFFFFFL;
    }

    long i64(int rel) {
        int i = buf.position() + rel;
        long hi = i32At(little ? i + 4 : i) & 0xFFFFFFFFL;
        long lo = i32At(little ? i : i + 4) & 0xFFFFFFFFL;
        return (hi << 32) | lo;
    }

    /** Copies {@code n} bytes at relative offset {@code rel} (already ensured) into {@code dst}. */
    void copy(int rel, byte[] dst, int off, int n) {
        int i = buf.position() + rel;
        if (!checkIndex(i, n)) {
            throw new IndexOutOfBoundsException(i);
        }
        System.arraycopy(a, i, dst, off, n);
    }

    /** Absolute index in {@link #array()} of the current position. */
    int position() {
        return buf.position();
    }

    boolean littleEndian() {
        return little;
    }

    /** The window's array, for handing out frames in place: valid until the next {@link #ensure}. */
    byte[] array() {
        return a;
    }

    /** Absolute index in {@link #array()} of relative offset {@code rel}, checked to hold {@code n} bytes. */
    int index(int rel, int n) {
        int i = buf.position() + rel;
        if (!checkIndex(i, n)) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }

    void advance(int n) {
        buf.position(buf.position() + n);
    }

    /**
     * Skips up to {@code n} bytes.
     *
     * @return the bytes skipped, less than {@code n} only at the end of the stream
     */
    long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            int step = (int) Math.min(n - done, buf.capacity());
            int got = Math.min(ensure(step), step);
            if (got == 0) {
                break;
            }
            advance(got);
            done += got;
        }
        return done;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
