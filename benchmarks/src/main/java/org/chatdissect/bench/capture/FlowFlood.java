package org.chatdissect.bench.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A flow flood: {@code n} packets, each the only packet of its 5-tuple. Half are UDP datagrams of 32 bytes, half TCP
 * SYNs never answered (half-open connections); clients are private addresses, {@code clients} of them in turn (one
 * user with millions of flows, or millions of users), servers public, one packet every 10 microseconds. Workload
 * of the flood benchmark (docs/benchmarks.md): memory must stay bounded by the live flows and the users, and every
 * packet and flow must be accounted for.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.chatdissect.bench.capture.FlowFlood N CLIENTS OUT.pcap}
 */
public final class FlowFlood {
    private FlowFlood() {}

    public static void write(Path file, long n, int clients) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(128).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long ts = 1_700_000_000_000_000L; // microseconds
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
            for (long i = 0; i < n; i++) {
                frame.clear();
                boolean udp = (i & 1) == 0;
                int client = 0x0A000000 | (int) (i % clients) & 0x00FFFFFF; // 10.x.y.z
                long k = i / clients; // the k-th flow of this client: a new server port, then a new server
                int server = 0x5DB80000 | (int) ((k >>> 14) & 0xFFFF); // 93.184.x.y
                int sport = 1024 + (int) (k & 0x3FFF);
                int cport = 20000 + (int) ((i >>> 1) % 40000);
                int payload = udp ? 32 : 0;
                int l4 = udp ? 8 : 20;
                frame.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10}).putShort((short) 0x0800);
                frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4 + payload)).putShort((short) i)
                        .putShort((short) 0x4000).put((byte) 64).put((byte) (udp ? 17 : 6)).putShort((short) 0);
                frame.putInt(client).putInt(server);
                if (udp) {
                    frame.putShort((short) cport).putShort((short) sport).putShort((short) (8 + payload)).putShort((short) 0);
                    for (int b = 0; b < payload; b++) {
                        frame.put((byte) (i >>> (b % 8)));
                    }
                } else {
                    frame.putShort((short) cport).putShort((short) sport).putInt((int) i).putInt(0)
                            .put((byte) 0x50).put((byte) 0x02).putShort((short) 65535).putInt(0);
                }
                int len = frame.position();
                ts += 10;
                rec.clear();
                rec.putInt((int) (ts / 1_000_000)).putInt((int) (ts % 1_000_000)).putInt(len).putInt(len);
                out.write(rec.array());
                out.write(frame.array(), 0, len);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        long n = Long.parseLong(args[0]);
        int clients = Integer.parseInt(args[1]);
        write(Path.of(args[2]), n, clients);
        System.out.println("wrote " + n + " packets of distinct 5-tuples from " + clients + " clients to " + args[2]);
    }
}
