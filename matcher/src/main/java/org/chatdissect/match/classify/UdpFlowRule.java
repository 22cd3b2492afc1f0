package org.chatdissect.match.classify;

import org.chatdissect.match.compile.HeaderMatcher;

/**
 * The paper's false-positive guard for UDP (section III-B): a UDP flow is an app's only if ALL its payload
 * packets match a header signature of that app (any of the app's UDP signatures: content, heartbeat,
 * signaling...). The set of apps still possible shrinks with each packet; once empty, matching stops.
 */
final class UdpFlowRule {
    private final HeaderMatcher m;
    private long candidates;
    private boolean seen;
    private int[] firstSigOfApp;

    UdpFlowRule(HeaderMatcher m) {
        this.m = m;
    }

    /**
     * Narrows the apps by one payload packet; returns the packet's first matching signature (its task label), or -1
     * when it matches none or the flow is no app's any more (its tasks are never written then).
     *
     * @param scratch the caller's, reused from packet to packet
     */
    int onPayload(byte[] p, int off, int len, HeaderMatcher.Matches scratch) {
        if (seen && candidates == 0) {
            return -1;
        }
        m.match(p, off, len, seen ? candidates : -1L, scratch);
        if (!seen) {
            seen = true;
            candidates = scratch.apps;
            if (candidates != 0) {
                // remembered for the flow's "signature": the first packet's signature of each possible app
                firstSigOfApp = new int[64];
                for (int a = 0; a < 64; a++) {
                    firstSigOfApp[a] = (candidates & (1L << a)) != 0 ? scratch.firstOfApp[a] : -1;
                }
            }
        } else {
            candidates &= scratch.apps;
        }
        return scratch.first;
    }

    /** The app (lowest index among those whose signatures matched every payload packet), or -1. */
    int app() {
        return candidates == 0 ? -1 : Long.numberOfTrailingZeros(candidates);
    }

    String signature(int app) {
        return app < 0 ? null : m.signature(firstSigOfApp[app]).name();
    }
}
