package org.chatdissect.datasets.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Classic libpcap writer (microsecond timestamps, LINKTYPE_ETHERNET). Records go through one large
 * direct buffer so the operator scenario is bounded by frame building, not by syscalls.
 */
public final class PcapWriter implements Closeable {
    public static final int LINKTYPE_ETHERNET = 1;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    private final int snaplen;
    private long bytesWritten;
    private long frames;

    public PcapWriter(Path file, int snaplen) {
        this.snaplen = snaplen;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(LINKTYPE_ETHERNET);
        bytesWritten = 24;
    }

    /** Writes one record; frames longer than the snaplen are cut, keeping the original length as real captures do. */
    public long write(long tsMicros, byte[] frame, int len) {
        int incl = Math.min(len, snaplen);
        if (buf.remaining() < 16 + incl) {
            flush();
        }
        buf.putInt((int) (tsMicros / 1_000_000L)).putInt((int) (tsMicros % 1_000_000L)).putInt(incl).putInt(len);
        if (incl > buf.capacity() - 16) {
            throw new IllegalArgumentException("frame larger than the write buffer");
        }
        buf.put(frame, 0, incl);
        bytesWritten += 16 + incl;
        return ++frames;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public long frames() {
        return frames;
    }

    public int snaplen() {
        return snaplen;
    }

    private void flush() {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.clear();
    }

    @Override
    public void close() {
        flush();
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
