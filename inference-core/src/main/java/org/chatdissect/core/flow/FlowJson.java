package org.chatdissect.core.flow;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The flow record of {@code chatdissect flows} (docs/cli.md), written once here: {@code classify} writes the same
 * fields and then its own. One schema: every key on every line, in one order, {@code null} where a flow has no value.
 */
public final class FlowJson {
    private FlowJson() {}

    /** Writes the flow's fields, in the documented order, into the object {@code j} has open. */
    public static void writeFields(JsonGenerator j, Flow f, String file) throws IOException {
        writeFields(j, f, file, f.firstFrame);
    }

    /**
     * As {@link #writeFields(JsonGenerator, Flow, String)} with the flow's first frame given: a reader that numbers
     * the frames of several files as one capture ({@code classify --one-capture}) writes the frame within the file
     * where the flow starts. Returns the flow's uid, by which its tasks name it.
     */
    public static String writeFields(JsonGenerator j, Flow f, String file, long firstFrame) throws IOException {
        String communityId = CommunityId.of(f);
        String uid = FlowUid.of(communityId, f.startNanos, file, firstFrame);
        j.writeStringField("uid", uid);
        j.writeStringField("file", file);
        j.writeNumberField("first_frame", firstFrame);
        j.writeStringField("proto", f.protocol == 6 ? "tcp" : "udp");
        j.writeStringField("client", FlowAddresses.format(f.client, f.ipVersion));
        j.writeNumberField("client_port", f.clientPort);
        j.writeStringField("server", FlowAddresses.format(f.server, f.ipVersion));
        j.writeNumberField("server_port", f.serverPort);
        j.writeStringField("community_id", communityId);
        if (f.vlan >= 0) {
            j.writeNumberField("vlan", f.vlan);
        } else {
            j.writeNullField("vlan");
        }
        j.writeFieldName("start");
        j.writeNumber(seconds(f.startNanos));
        j.writeFieldName("end");
        j.writeNumber(seconds(f.endNanos));
        j.writeFieldName("duration");
        j.writeNumber(elapsed(f.startNanos, f.endNanos));
        j.writeNumberField("packets_up", f.packetsUp);
        j.writeNumberField("packets_down", f.packetsDown);
        j.writeNumberField("bytes_up", f.bytesUp);
        j.writeNumberField("bytes_down", f.bytesDown);
        j.writeNumberField("frame_bytes_up", f.frameBytesUp);
        j.writeNumberField("frame_bytes_down", f.frameBytesDown);
        j.writeStringField("flow_type", f.flowType.jsonName());
        // one schema: every key on every line, null when the flow has no such value
        j.writeStringField("sni", f.sni);
        j.writeStringField("host", f.host);
        return uid;
    }

    /**
     * Epoch seconds with microsecond precision (pcap's own), as fixed text so outputs are byte-identical;
     * truncated towards the past so negative times stay consistent.
     */
    public static String seconds(long nanos) {
        return micros(Math.floorDiv(nanos, 1000L));
    }

    /** The time from one instant to another in seconds with six decimals, both taken at microsecond precision first. */
    public static String elapsed(long startNanos, long endNanos) {
        return micros(Math.floorDiv(endNanos, 1000L) - Math.floorDiv(startNanos, 1000L));
    }

    /** A duration or time in microseconds as seconds with six decimals. */
    public static String micros(long micros) {
        long abs = Math.abs(micros);
        String f = Long.toString(abs % 1_000_000L);
        return (micros < 0 ? "-" : "") + abs / 1_000_000L + "." + "000000".substring(f.length()) + f;
    }
}
