package org.chatdissect.core.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packet defragmentation, step one: packets with identical segmentations form a group, and groups holding more
 * than {@code minCoverage} of the packets are protocol packets (the rest are application-layer continuation
 * fragments whose random bytes segment arbitrarily). Unlike the paper's text, the group of uncut payloads is never a
 * protocol group.
 */
public final class PacketGrouping {
    /** One group: its segmentation, the indices of its packets (ascending) and its share of all packets. */
    public record Group(Segmentation segmentation, int[] members, double share) {
        public Group {
            members = members.clone();
        }

        @Override
        public int[] members() {
            return members.clone();
        }
    }

    private final List<Group> groups;
    private final boolean[] protocol;

    private PacketGrouping(List<Group> groups, boolean[] protocol) {
        this.groups = groups;
        this.protocol = protocol;
    }

    public static PacketGrouping of(List<Segmentation> segmentations, double minCoverage) {
        Map<Segmentation, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < segmentations.size(); i++) {
            byKey.computeIfAbsent(segmentations.get(i), k -> new ArrayList<>()).add(i);
        }
        int n = segmentations.size();
        List<Group> groups = new ArrayList<>();
        boolean[] protocol = new boolean[n];
        for (Map.Entry<Segmentation, List<Integer>> e : byKey.entrySet()) {
            int[] m = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            double share = (double) m.length / n;
            groups.add(new Group(e.getKey(), m, share));
            // A payload VE cannot cut at all shows no field structure: random continuation fragments all land in
            // this one group, which would otherwise pass the coverage test on any flow with large messages.
            if (share > minCoverage && e.getKey().boundaries().length > 0) {
                for (int i : m) {
                    protocol[i] = true;
                }
            }
        }
        // Largest first; ties by first member so the order never depends on hashing.
        groups.sort(Comparator.comparingInt((Group g) -> -g.members().length).thenComparingInt(g -> g.members()[0]));
        return new PacketGrouping(List.copyOf(groups), protocol);
    }

    /** All groups, largest first. */
    public List<Group> groups() {
        return groups;
    }

    /** Groups above the coverage threshold, largest first. */
    public List<Group> protocolGroups() {
        List<Group> out = new ArrayList<>();
        for (Group g : groups) {
            if (protocol[g.members()[0]]) {
                out.add(g);
            }
        }
        return out;
    }

    public boolean isProtocol(int packetIndex) {
        return protocol[packetIndex];
    }

    public boolean[] protocolMask() {
        return protocol.clone();
    }
}
