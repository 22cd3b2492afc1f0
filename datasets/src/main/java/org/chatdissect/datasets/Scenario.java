package org.chatdissect.datasets;

/** Which kind of capture to write; see docs/design/datasets.md. */
public enum Scenario {
    /** One app on one device, each user task repeated with quiet gaps, plus a manifest (paper §II-B). */
    CONTROLLED,
    /** Many users of all apps over hours, with loss, reordering, VLAN tags and truncated frames. */
    OPERATOR
}
