package org.chatdissect.core.fieldtype;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * How one byte range behaves inside flows: for each group of messages (a flow, or one direction of a flow) holding
 * the range, whether one value holds in most of its messages, and which. Three field-type tests read it: a session
 * value (constant within flows, {@link FieldTypeInference#flowConstant}), a label shared by many flows
 * ({@link FieldTypeRefiner#sharedLabel}) and a per-flow identifier that is no opcode
 * ({@link FieldTypeInference#isFlowIdentifier}).
 */
final class FlowGroups {
    /** Groups with at least the minimum number of messages holding the range. */
    final int groups;
    /** Of those, the groups whose most common value holds in at least the required share of their messages. */
    final int fixed;
    /** For each value fixing some group, how many groups it fixes. */
    final Long2IntOpenHashMap groupsOfValue;

    private FlowGroups(int groups, int fixed, Long2IntOpenHashMap groupsOfValue) {
        this.groups = groups;
        this.fixed = fixed;
        this.groupsOfValue = groupsOfValue;
    }

    /**
     * @param byDirection groups are flow directions rather than flows
     * @param minMessages groups with fewer messages holding the range say nothing (a flow of one or two exchanges
     *     is constant in everything) and are not counted
     * @param share       share of a group's messages its most common value needs to fix the group
     */
    static FlowGroups of(FieldTypeInference.Sample s, int start, int end, boolean byDirection, int minMessages,
            double share) {
        Long2IntOpenHashMap groupsOfValue = new Long2IntOpenHashMap();
        Long2IntOpenHashMap[] counts = {new Long2IntOpenHashMap(), new Long2IntOpenHashMap()};
        int[] n = new int[2];
        int groups = 0;
        int fixed = 0;
        for (int i = 0; i <= s.size(); i++) {
            if (i == s.size() || i > 0 && s.flow[i] != s.flow[i - 1]) {
                for (int g = 0; g < 2; g++) {
                    if (n[g] > 0 && n[g] >= minMessages) {
                        groups++;
                        int top = 0;
                        long topValue = 0;
                        for (var e : counts[g].long2IntEntrySet()) {
                            if (e.getIntValue() > top || e.getIntValue() == top && e.getLongKey() < topValue) {
                                top = e.getIntValue();
                                topValue = e.getLongKey();
                            }
                        }
                        if (top >= share * n[g]) {
                            fixed++;
                            groupsOfValue.addTo(topValue, 1);
                        }
                    }
                    counts[g].clear();
                    n[g] = 0;
                }
            }
            if (i == s.size()) {
                break;
            }
            byte[] p = s.prefix[i];
            if (p.length >= end) {
                int g = byDirection && s.up[i] ? 1 : 0;
                counts[g].addTo(value(p, start, end), 1);
                n[g]++;
            }
        }
        return new FlowGroups(groups, fixed, groupsOfValue);
    }

    /** Values fixing some group. */
    int values() {
        return groupsOfValue.size();
    }

    /** The range's bytes as a number (big endian) up to 8 bytes; a 64-bit hash of longer ranges (equality only). */
    private static long value(byte[] p, int start, int end) {
        if (end - start <= 8) {
            long v = 0;
            for (int j = start; j < end; j++) {
                v = (v << 8) | (p[j] & 0xff);
            }
            return v;
        }
        return Arrays.hashCode(Arrays.copyOfRange(p, start, end)) * 0x9E3779B97F4A7C15L
                ^ Arrays.hashCode(Arrays.copyOfRange(p, start + (end - start) / 2, end));
    }
}
