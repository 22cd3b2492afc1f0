package org.chatdissect.core.segreport;

import org.chatdissect.core.model.FieldType;

/** One field of a segmented message: where it lies inside the scope and what type its protocol group gave it. */
public record FieldRow(int offset, int length, FieldType type) {}
