package org.chatdissect.datasets.net;

import java.util.List;

/** Truth about one application message, attached to the packet that carries its first byte. */
public record MessageTag(FlowTag flow, String app, String service, String task, String opcode, boolean up,
                         long length, String kind, List<FieldSpec> fields) {

    /**
     * One header field of a binary format; types follow the paper: constant, sequence, reqresp, length, opcode,
     * unidentified. {@code endian} ("be" or "le", optional) says how a multi-byte length reads. {@code mask}, for a
     * field of some bits of one byte (a flags byte), is the bits it holds; null for whole bytes.
     */
    public record FieldSpec(int offset, int length, String type, String endian, Integer mask) {
        public FieldSpec(int offset, int length, String type) {
            this(offset, length, type, null, null);
        }

        public FieldSpec(int offset, int length, String type, String endian) {
            this(offset, length, type, endian, null);
        }
    }
}
