package org.chatdissect.match.classify;

/**
 * One task (a request/response exchange, a push, or an HTTP request) of a classified flow: a line of
 * {@code tasks.jsonl}. Times are epoch nanoseconds; bytes are payload bytes as announced on the wire.
 *
 * @param frame  1-based frame of the task's first packet (the request's, or the response's when there is none)
 * @param opcode lower-case hex opcode, null for keyword (HTTP) tasks
 * @param kind   user, periodic, triggered (from the opcode table), push, or null when unknown
 */
public record TaskRecord(long frame, long startNanos, long endNanos, String service, String task, String opcode,
        String kind, long requestBytes, long responseBytes, long bytesUp, long bytesDown) {}
