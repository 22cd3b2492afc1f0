package org.chatdissect.datasets.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a classic pcap file into pieces at given packet indices, as a rotating capture ({@code tcpdump -C},
 * {@code dumpcap -b}) leaves one trace: the material of the tests that classify a capture given in pieces (the
 * Spark engine's file-edge joins, the local engine's {@code --one-capture}). Reads the whole file: for test traces.
 */
public final class PcapSplitter {
    /** One packet: its record's byte range in the file, and its time in nanoseconds. */
    public record Packet(int offset, int length, long nanos) {}

    public final byte[] data;
    public final List<Packet> packets = new ArrayList<>();
    public final ByteOrder order;

    public PcapSplitter(Path pcap) throws IOException {
        data = Files.readAllBytes(pcap);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        ByteOrder o = ByteOrder.LITTLE_ENDIAN;
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            o = ByteOrder.BIG_ENDIAN;
            magic = Integer.reverseBytes(magic);
        }
        order = o;
        boolean nano = magic == 0xa1b23c4d;
        b.order(o);
        int at = 24;
        while (at + 16 <= data.length) {
            long sec = b.getInt(at) & 0xffffffffL;
            long frac = b.getInt(at + 4) & 0xffffffffL;
            int incl = b.getInt(at + 8);
            packets.add(new Packet(at, 16 + incl, sec * 1_000_000_000L + (nano ? frac : frac * 1000)));
            at += 16 + incl;
        }
    }

    /**
     * Writes pieces {@code piece-00.pcap}... : piece i holds packets [cuts[i-1], cuts[i]) (0 and the end implied).
     *
     * @return the pieces in order
     */
    public List<Path> split(Path dir, List<Integer> cuts) throws IOException {
        Files.createDirectories(dir);
        List<Integer> bounds = new ArrayList<>();
        bounds.add(0);
        for (int c : cuts.stream().sorted().distinct().toList()) {
            if (c > 0 && c < packets.size()) {
                bounds.add(c);
            }
        }
        bounds.add(packets.size());
        List<Path> out = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            Path p = dir.resolve(String.format("piece-%02d.pcap", i));
            try (OutputStream o = Files.newOutputStream(p)) {
                o.write(data, 0, 24);
                int from = packets.get(bounds.get(i)).offset();
                Packet last = packets.get(bounds.get(i + 1) - 1);
                o.write(data, from, last.offset() + last.length() - from);
            }
            out.add(p);
        }
        return out;
    }
}
