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
 * <p>The buffer is direct because FileChannel reads into a heap buffer go through a hidden direct one;
 * its capacity bounds the largest record a reader can see in one piece.
 */
final class ByteInput implements Closeable {
    static final int CAPACITY = 1 << 20;

    private final ReadableByteChannel channel;
    private final ByteBuffer buf;
    private boolean eof;
    /** Bytes consumed before the current buffer position, for messages. */
    private long consumedBefore;
    /** Why a compressed stream ended early, or null. */
    private String streamError;

    /** Reads {@code channel} through {@code window}, which the caller may reuse once this is closed. */
    ByteInput(ReadableByteChannel channel, ByteBuffer window) {
        this.channel = channel;
        this.buf = window;
        buf.clear();
        buf.limit(0);
    }

    static ByteBuffer newWindow() {
        return ByteBuffer.allocateDirect(CAPACITY);
    }

    String streamError() {
        return streamError;
    }

    void order(ByteOrder order) {
        buf.order(order);
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
        return buf.get(buf.position() + rel) & 0xFF;
    }

    int u16(int rel) {
        return buf.getShort(buf.position() + rel) & 0xFFFF;
    }

    int i32(int rel) {
        return buf.getInt(buf.position() + rel);
    }

    long u32(int rel) {
        return buf.getInt(buf.position() + rel) & 0xFFFFFFFFL;
    }

    long i64(int rel) {
        return buf.getLong(buf.position() + rel);
    }

    /** Copies {@code n} bytes at relative offset {@code rel} (already ensured) into {@code dst}. */
    void copy(int rel, byte[] dst, int off, int n) {
        buf.get(buf.position() + rel, dst, off, n);
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
