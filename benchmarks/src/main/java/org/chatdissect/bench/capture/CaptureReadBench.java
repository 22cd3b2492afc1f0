package org.chatdissect.bench.capture;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.DecodedPacket;
import org.chatdissect.core.capture.PacketDecoder;
import org.chatdissect.core.capture.PacketRecord;
import org.chatdissect.core.capture.PacketSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

/**
 * Bench command: reading and decoding a large pcap to the transport layer with our bulk reader versus
 * pcap4j (libpcap {@code openOffline} + {@code getNextPacketEx}, then {@code get(TcpPacket/UdpPacket)}).
 *
 * <p>Usage: {@code CaptureReadBench [file.pcap] [sizeMB] [runs]}; a missing file is generated with
 * {@link SyntheticCapture}. Each variant gets one warm-up run, then the best of {@code runs} is reported
 * (the file is in the page cache, so this measures parsing, not the disk).
 */
public final class CaptureReadBench {
    private CaptureReadBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/chatdissect-bench.pcap");
        long sizeMb = args.length > 1 ? Long.parseLong(args[1]) : 400;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (!Files.exists(file)) {
            long n = SyntheticCapture.write(file, sizeMb << 20, 42);
            System.out.printf("wrote %s: %d frames%n", file, n);
        }
        long bytes = Files.size(file);
        System.out.printf(Locale.ROOT, "file %s, %.1f MB%n", file, bytes / 1e6);
        report("chatdissect read+decode", bytes, best(runs, () -> ours(file, true)));
        report("chatdissect read only", bytes, best(runs, () -> ours(file, false)));
        report("pcap4j raw read (getNextRawPacketEx)", bytes, best(runs, () -> pcap4j(file, false)));
        report("pcap4j read+decode (getNextPacketEx)", bytes, best(runs, () -> pcap4j(file, true)));
    }

    interface Run {
        long run() throws Exception;
    }

    /** @return {nanos, packets} of the fastest run after one warm-up */
    static long[] best(int runs, Run r) throws Exception {
        r.run();
        long bestNanos = Long.MAX_VALUE;
        long packets = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            packets = r.run();
            bestNanos = Math.min(bestNanos, System.nanoTime() - t0);
        }
        return new long[] {bestNanos, packets};
    }

    static void report(String name, long bytes, long[] r) {
        double s = r[0] / 1e9;
        System.out.printf(Locale.ROOT, "%-40s %9d packets %7.3f s %8.2f Mpkt/s %8.1f MB/s%n", name, r[1], s,
                r[1] / s / 1e6, bytes / s / 1e6);
    }

    static long ours(Path file, boolean decode) throws Exception {
        CaptureStats stats = new CaptureStats();
        PacketDecoder dec = new PacketDecoder(stats);
        PacketRecord rec = new PacketRecord();
        DecodedPacket out = new DecodedPacket();
        long n = 0;
        long check = 0;
        try (PacketSource src = CaptureReader.open(List.of(file), stats)) {
            while (src.next(rec)) {
                n++;
                if (decode && dec.decode(rec, out)) {
                    check += out.srcPort + out.payloadLength;
                }
            }
        }
        if (decode && stats.packetsDecoded != n) {
            throw new IllegalStateException("decoded " + stats + " " + check);
        }
        return n;
    }

    static long pcap4j(Path file, boolean decode) throws Exception {
        PcapHandle h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        long n = 0;
        long check = 0;
        try {
            while (true) {
                if (decode) {
                    Packet p = h.getNextPacketEx();
                    TcpPacket t = p.get(TcpPacket.class);
                    if (t != null) {
                        check += t.getHeader().getSrcPort().valueAsInt()
                                + (t.getPayload() == null ? 0 : t.getPayload().length());
                    } else {
                        UdpPacket u = p.get(UdpPacket.class);
                        if (u != null) {
                            check += u.getHeader().getSrcPort().valueAsInt();
                        }
                    }
                } else {
                    check += h.getNextRawPacketEx().length;
                }
                n++;
            }
        } catch (EOFException end) {
            // end of file
        } finally {
            h.close();
        }
        if (check == 42) {
            System.out.print(""); // keeps the JIT from dropping the work
        }
        return n;
    }
}
