package org.chatdissect.match.report;

/** One line of {@code flows.jsonl}. {@code app} is {@code "unknown"} for unclassified flows; bytes are payload bytes. */
public record FlowRow(
        String file,
        long firstFrame,
        String proto,
        String client,
        int clientPort,
        String server,
        int serverPort,
        double start,
        double end,
        long packetsUp,
        long packetsDown,
        long bytesUp,
        long bytesDown,
        String flowType,
        String host,
        String sni,
        String app,
        String signature,
        int tasks) {

    public long bytes() {
        return bytesUp + bytesDown;
    }

    public boolean isApp(String name) {
        return name.equals(app);
    }
}
