package org.chatdissect.spark;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.chatdissect.core.capture.DecodedPacket;

/**
 * The packets of one flow fragment, packed into one growing byte array: per packet its time, frame, sender
 * (endpoint A or B of the fragment's key), TCP flags, sequence and acknowledgement numbers, frame and
 * payload wire lengths, and the carried payload bytes. {@link #replay} turns them back into
 * {@link DecodedPacket}s for a flow table.
 */
final class PacketLog {
    static final int HEADER = 8 + 8 + 1 + 1 + 4 + 4 + 4 + 4 + 4;

    private byte[] buf = new byte[256];
    private int size;
    private int packets;

    int packets() {
        return packets;
    }

    int bytes() {
        return size;
    }

    void add(DecodedPacket p, long frameRef, boolean fromA, int carried) {
        int need = HEADER + carried;
        if (size + need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + need));
        }
        ByteBuffer b = ByteBuffer.wrap(buf, size, need);
        b.putLong(p.timestampNanos);
        b.putLong(frameRef);
        b.put((byte) (fromA ? 0 : 1));
        b.put((byte) p.tcpFlags);
        b.putInt((int) p.tcpSeq);
        b.putInt((int) p.tcpAck);
        b.putInt(p.wireLength);
        b.putInt(p.payloadWireLength);
        b.putInt(carried);
        b.put(p.payload, p.payloadOffset, carried);
        size += need;
        packets++;
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    /** Calls {@code sink} for each packet of a log; {@code into} is reused (its payload valid during the call). */
    static void replay(Fragment f, DecodedPacket into, java.util.function.Consumer<DecodedPacket> sink) {
        ByteBuffer b = ByteBuffer.wrap(f.log());
        into.fileIndex = 0;
        into.ipVersion = f.ipVersion();
        into.protocol = f.protocol();
        // the flow's VLAN as its file saw it: a merged flow is created by its earliest fragment's first packet
        into.vlan = f.mapSide() == null ? -1 : f.mapSide().vlan;
        while (b.hasRemaining()) {
            into.timestampNanos = b.getLong();
            into.frameNumber = b.getLong();
            boolean fromA = b.get() == 0;
            into.tcpFlags = b.get() & 0xff;
            into.tcpSeq = b.getInt() & 0xffffffffL;
            into.tcpAck = b.getInt() & 0xffffffffL;
            into.wireLength = b.getInt();
            into.payloadWireLength = b.getInt();
            int carried = b.getInt();
            System.arraycopy(fromA ? f.addrA() : f.addrB(), 0, into.src, 0, 16);
            System.arraycopy(fromA ? f.addrB() : f.addrA(), 0, into.dst, 0, 16);
            into.srcPort = fromA ? f.portA() : f.portB();
            into.dstPort = fromA ? f.portB() : f.portA();
            into.payload = f.log();
            into.payloadOffset = b.position();
            into.payloadLength = carried;
            b.position(b.position() + carried);
            sink.accept(into);
        }
    }
}
