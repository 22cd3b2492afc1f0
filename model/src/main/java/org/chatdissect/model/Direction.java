package org.chatdissect.model;

/** Uplink is client to server (phone to Internet in the paper), downlink the reverse. */
public enum Direction {
    UP, DOWN;

    public Direction reverse() {
        return this == UP ? DOWN : UP;
    }
}
