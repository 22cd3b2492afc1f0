package org.chatdissect.core.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Opens one file as a capture, recognising pcap, pcapng and gzip by their magic, never by name.
 * The window is the read buffer, shared by the files of one source since they are read one at a time.
 */
final class CaptureFiles {
    private CaptureFiles() {}

    static FileSource open(Path path, int fileIndex, CaptureStats stats, java.nio.ByteBuffer window) throws IOException {
        String name = path.toString();
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new CaptureFormatException(name + ": no such file");
        }
        if (size == 0) {
            throw new CaptureFormatException(name + ": empty file, not a capture");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        ByteInput in = new ByteInput(ch, window);
        boolean ok = false;
        try {
            in.ensure(4);
            if (in.available() >= 2 && in.u8(0) == 0x1F && in.u8(1) == 0x8B) {
                in.close();
                InputStream raw = Files.newInputStream(path);
                InputStream gz;
                try {
                    gz = new GZIPInputStream(raw, 1 << 16);
                } catch (IOException e) {
                    raw.close();
                    throw e;
                }
                in = new ByteInput(Channels.newChannel(gz), window);
                name = name + " (gzip)";
                in.ensure(4);
            }
            FileSource src = sniff(in, name, fileIndex, stats);
            ok = true;
            return src;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new CaptureFormatException(name + ": unreadable gzip data (" + e.getMessage() + ")");
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    private static FileSource sniff(ByteInput in, String name, int fileIndex, CaptureStats stats) throws IOException {
        if (in.available() == 0) {
            throw new CaptureFormatException(name + ": empty file, not a capture");
        }
        if (in.available() < 4) {
            throw new CaptureFormatException(name + ": " + in.available() + " bytes, too short to be a capture");
        }
        in.order(ByteOrder.BIG_ENDIAN);
        int magic = in.i32(0);
        if (PcapFileSource.isMagic(magic)) {
            return new PcapFileSource(in, name, fileIndex, stats);
        }
        if (magic == PcapngFileSource.SHB) {
            return new PcapngFileSource(in, name, fileIndex, stats);
        }
        throw new CaptureFormatException(String.format("%s: not a pcap or pcapng capture (starts with 0x%08x)", name,
                magic));
    }
}
