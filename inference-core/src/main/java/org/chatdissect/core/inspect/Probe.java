package org.chatdissect.core.inspect;

/**
 * Outcome of looking at the first bytes of a stream: a stream prefix may be too short to tell, in which
 * case the caller buffers more bytes (bounded) and asks again.
 */
public enum Probe {
    NOT_MATCHED, NEED_MORE, MATCHED
}
