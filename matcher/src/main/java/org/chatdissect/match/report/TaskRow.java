package org.chatdissect.match.report;

/**
 * One line of {@code tasks.jsonl}: a message exchange inside a classified flow. {@code opcode} is null for
 * tasks recognised from URL keywords (HTTP, DNS).
 */
public record TaskRow(
        String flow,
        String app,
        String flowType,
        String client,
        String service,
        String task,
        String opcode,
        String kind,
        double start,
        double end,
        double completionS,
        long requestBytes,
        long responseBytes,
        long bytesUp,
        long bytesDown) {

    public long bytes() {
        return bytesUp + bytesDown;
    }

    /** The service, with a visible placeholder so a missing value still gets a table row. */
    public String serviceOrUnknown() {
        return service == null || service.isBlank() ? "unknown" : service;
    }
}
