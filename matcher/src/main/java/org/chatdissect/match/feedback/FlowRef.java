package org.chatdissect.match.feedback;

import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowAddresses;

/**
 * Identifies a flow across two passes over the same files (the classifier's, then the trainer's): the file's
 * index in the expanded input list, the flow's first frame in that file and its 5-tuple. Frame numbers alone
 * would do within one file; the 5-tuple guards against a flow table that cuts flows differently.
 */
record FlowRef(int file, long firstFrame, String proto, String client, int clientPort, String server, int serverPort) {
    static FlowRef of(Flow f) {
        return of(f.fileIndex, f);
    }

    /** The flow of the {@code file}-th input, read alone (its own flow table: {@link Flow#fileIndex} is 0). */
    static FlowRef of(int file, Flow f) {
        return new FlowRef(file, f.firstFrame, f.protocol == 6 ? "tcp" : "udp",
                FlowAddresses.format(f.client, f.ipVersion), f.clientPort,
                FlowAddresses.format(f.server, f.ipVersion), f.serverPort);
    }
}
