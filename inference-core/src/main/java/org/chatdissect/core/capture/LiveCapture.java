package org.chatdissect.core.capture;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.List;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Live capture through libpcap (pcap4j). The only part of the capture package that needs the native
 * library; the bulk path ({@link CaptureReader}) never touches it.
 */
public final class LiveCapture implements PacketSource {
    private static final int READ_TIMEOUT_MILLIS = 100;

    private final PcapHandle handle;
    private final String iface;
    private final CaptureStats stats;
    private final int linkType;
    private long frames;
    private volatile boolean closed;

    private LiveCapture(PcapHandle handle, String iface, CaptureStats stats) {
        this.handle = handle;
        this.iface = iface;
        this.stats = stats;
        this.linkType = handle.getDlt().value();
    }

    /**
     * Opens {@code iface} for capture (not promiscuous).
     *
     * @throws CaptureFormatException one line, when libpcap is missing, the interface does not exist or
     *     cannot be opened (often: not enough privileges)
     */
    public static LiveCapture open(String iface, int snaplen, CaptureStats stats) throws IOException {
        try {
            PcapNetworkInterface nif = Pcaps.getDevByName(iface);
            if (nif == null) {
                throw new CaptureFormatException(iface + ": no such interface");
            }
            PcapHandle h = nif.openLive(snaplen, PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS,
                    READ_TIMEOUT_MILLIS);
            return new LiveCapture(h, iface, stats);
        } catch (PcapNativeException e) {
            throw new CaptureFormatException(iface + ": cannot open for live capture: " + oneLine(e.getMessage()));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new CaptureFormatException("live capture needs libpcap (Debian: libpcap0.8): "
                    + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Waits for the next frame; returns false once {@link #close()} has been called (from any thread). */
    @Override
    public boolean next(PacketRecord into) throws IOException {
        while (!closed) {
            byte[] raw;
            try {
                raw = handle.getNextRawPacket();
            } catch (NotOpenException e) {
                return false;
            }
            if (raw == null) {
                continue; // read timeout: lets close() take effect
            }
            // pcap4j allocates per frame anyway; copying keeps the caller's array contract of the bulk path.
            if (into.data.length < raw.length) {
                into.data = new byte[Math.max(raw.length, into.data.length * 2)];
            }
            System.arraycopy(raw, 0, into.data, 0, raw.length);
            into.offset = 0;
            into.length = raw.length;
            Integer orig = handle.getOriginalLength();
            into.originalLength = orig == null ? raw.length : orig;
            Timestamp ts = handle.getTimestamp();
            into.timestampNanos = ts == null ? 0 : Math.floorDiv(ts.getTime(), 1000) * 1_000_000_000L + ts.getNanos();
            into.linkType = linkType;
            into.fileIndex = 0;
            into.frameNumber = ++frames;
            stats.packetsRead++;
            return true;
        }
        return false;
    }

    @Override
    public List<String> fileNames() {
        return List.of(iface);
    }

    @Override
    public void close() {
        closed = true;
        handle.close();
    }
}
