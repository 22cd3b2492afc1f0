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

    void onPayload(byte[] p, int off, int len) {
        if (!seen) {
            seen = true;
            candidates = m.appsMatching(p, off, len, -1L);
            if (candidates != 0) {
                // remembered for the flow's "signature": the first packet's signature of each possible app
                firstSigOfApp = new int[64];
                for (int a = 0; a < 64; a++) {
                    firstSigOfApp[a] = (candidates & (1L << a)) != 0 ? m.firstOfApp(a, p, off, len) : -1;
                }
            }
            return;
        }
        if (candidates != 0) {
            candidates &= m.appsMatching(p, off, len, candidates);
        }
    }

    /** The app (lowest index among those whose signatures matched every payload packet), or -1. */
    int app() {
        return candidates == 0 ? -1 : Long.numberOfTrailingZeros(candidates);
    }

    String signature(int app) {
        return app < 0 ? null : m.signature(firstSigOfApp[app]).name();
    }
}
