package org.chatdissect.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One signature, in one of the {@link SignatureForm forms}: a header signature (TCP, UDP: {@link #fields} within the
 * first {@link #scope} payload bytes), a keyword signature (DNS, HTTP, TLS: {@link #keywords}), a text signature
 * (TCP: {@code text.line} keywords on the first line of a message) or an endpoint signature (TCP, UDP: the
 * {@link #servers} alone).
 *
 * @param scope        header and text signatures: how many leading payload bytes are examined; 0 otherwise
 * @param opcodes      opcode value (lower-case hex) to meaning, sorted by value
 * @param servers      server addresses: informative, except for endpoint signatures, which they define
 * @param associations how flows this signature attributes pass the application on (format version 2)
 * @param provenance   where the signature comes from, or null
 */
public record Signature(String app, String name, FlowType flowType, int scope, Status status, List<FieldSpec> fields,
        SortedMap<String, OpcodeInfo> opcodes, List<Keyword> keywords, List<Server> servers,
        List<Association> associations, Provenance provenance) {
    public Signature {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flowType, "flowType");
        Objects.requireNonNull(status, "status");
        fields = fields == null ? List.of() : List.copyOf(fields);
        opcodes = Collections.unmodifiableSortedMap(new TreeMap<>(opcodes == null ? Map.of() : opcodes));
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        servers = servers == null ? List.of() : List.copyOf(servers);
        associations = associations == null ? List.of() : List.copyOf(associations);
    }

    /** A signature without associations (every form of format version 1). */
    public Signature(String app, String name, FlowType flowType, int scope, Status status, List<FieldSpec> fields,
            SortedMap<String, OpcodeInfo> opcodes, List<Keyword> keywords, List<Server> servers, Provenance provenance) {
        this(app, name, flowType, scope, status, fields, opcodes, keywords, servers, List.of(), provenance);
    }

    /** What the signature matches on. */
    public SignatureForm form() {
        if (!isHeaderFlowType(flowType)) {
            return SignatureForm.KEYWORDS;
        }
        if (!keywords.isEmpty() && fields.isEmpty()) {
            return SignatureForm.TEXT;
        }
        // a TCP/UDP signature with nothing at all is an (invalid) header signature: it "needs fields"
        return fields.isEmpty() && !servers.isEmpty() ? SignatureForm.ENDPOINT : SignatureForm.HEADER;
    }

    /** The oldest format version that can hold this signature. */
    public int requiredVersion() {
        if (fields.stream().anyMatch(FieldSpec::isBitField)) {
            return 3;
        }
        return form().needsVersion2() || !associations.isEmpty()
                || fields.stream().anyMatch(f -> f.adjust() != null || f.max() != null) ? 2 : 1;
    }

    /** {@code app/name}, unique within a set; the ID the review and diff commands use. */
    public String id() {
        return app + "/" + name;
    }

    /**
     * True for header signatures: TCP or UDP with fields. Text and endpoint signatures are TCP/UDP too but have no
     * fields; code that compares header bytes must not take them for header signatures that match everything.
     */
    public boolean isHeaderSignature() {
        return form() == SignatureForm.HEADER;
    }

    /**
     * Compared bytes from which a header signature is strong enough on its own: constant and request/response bytes,
     * plus the whole bytes that compared length fields force to zero ({@link #comparedBytes()}).
     */
    public static final int STRONG_CONSTANT_BYTES = 3;

    /**
     * Whether a packet must also carry a listed opcode to match: only for weak UDP signatures (fewer than
     * {@link #STRONG_CONSTANT_BYTES} compared bytes, like W-UDP chat content's single constant byte), where
     * the paper's all-packets rule alone leaves short random flows a 1-in-256 chance per packet. Strong
     * signatures accept unknown opcodes, which the feedback loop then learns.
     */
    public boolean requiresKnownOpcode() {
        return flowType == FlowType.UDP && comparedBytes() < STRONG_CONSTANT_BYTES;
    }

    /**
     * Bytes a random payload must hit to match: those of constant and request/response fields, plus for each
     * compared length field ({@link FieldSpec#comparesLength()}) the whole bytes its bound forces to zero
     * ({@code forcedZeroBits / 8}: an 8-byte length of at most 1 MiB forces 5 bytes; a 2-byte length of at most 1500
     * none). Opcode values are not counted (they are the guard of weak UDP signatures, not their strength). A bit
     * field counts its bits, eight to a byte.
     */
    public int comparedBytes() {
        int bits = 0;
        for (FieldSpec f : fields) {
            if (f.type() == FieldType.CONSTANT || f.type() == FieldType.REQRESP) {
                bits += f.bitCount();
            } else if (f.comparesLength()) {
                bits += 8 * (f.forcedZeroBits() / 8);
            }
        }
        return bits / 8;
    }

    /**
     * Bytes of constant and request/response fields: what a payload must carry, as opposed to bound (the bits of bit
     * fields count, eight to a byte).
     */
    public int valueBytes() {
        int bits = 0;
        for (FieldSpec f : fields) {
            if (f.type() == FieldType.CONSTANT || f.type() == FieldType.REQRESP) {
                bits += f.bitCount();
            }
        }
        return bits / 8;
    }

    /**
     * Whether the matcher applies this signature only to flows whose server port is one of its servers' ports: TCP
     * header signatures with fewer than {@link #STRONG_CONSTANT_BYTES} {@link #valueBytes() bytes of values} (the
     * meeting system's remote-control header, a single {@code 01}; its media streams, a length and nothing else) that
     * list servers. A TCP flow is decided by its first payload, and one constant byte is the first byte of many
     * unrelated protocols (1 real flow in 100 of the nDPI captures starts with {@code 01}). A length prefix is no
     * better: the zero bytes its bound forces are random-proof, not protocol-proof, since length-prefixed streams are
     * everywhere (Cisco Skinny's {@code length LE | 00000000} header and an FTP data transfer both matched the
     * meeting media's 8-byte length in the real captures). The ports learnt with the signature are the evidence left.
     * Signatures without servers match on any port.
     */
    public boolean restrictedToServerPorts() {
        return flowType == FlowType.TCP && form() == SignatureForm.HEADER && !servers.isEmpty()
                && valueBytes() < STRONG_CONSTANT_BYTES;
    }

    /** True unless the signature is {@link #restrictedToServerPorts() restricted} and no server has this port. */
    public boolean allowsServerPort(int port) {
        return !restrictedToServerPorts() || servers.stream().anyMatch(s -> s.port() == port);
    }

    public static boolean isHeaderFlowType(FlowType t) {
        return switch (t) {
            case TCP, UDP -> true;
            case DNS, HTTP, TLS -> false;
        };
    }

    /** The opcode field, if any. */
    public Optional<FieldSpec> opcodeField() {
        return fields.stream().filter(f -> f.type() == FieldType.OPCODE).findFirst();
    }

    public Signature withStatus(Status s) {
        return new Signature(app, name, flowType, scope, s, fields, opcodes, keywords, servers, associations,
                provenance);
    }

    public Signature withFields(List<FieldSpec> f) {
        return new Signature(app, name, flowType, scope, status, f, opcodes, keywords, servers, associations,
                provenance);
    }

    public Signature withOpcodes(Map<String, OpcodeInfo> ops) {
        return new Signature(app, name, flowType, scope, status, fields, new TreeMap<>(ops), keywords, servers,
                associations, provenance);
    }

    public Signature withKeywords(List<Keyword> kws) {
        return new Signature(app, name, flowType, scope, status, fields, opcodes, kws, servers, associations,
                provenance);
    }

    public Signature withAssociations(List<Association> a) {
        return new Signature(app, name, flowType, scope, status, fields, opcodes, keywords, servers, a, provenance);
    }

    public Signature withServers(List<Server> srv) {
        return new Signature(app, name, flowType, scope, status, fields, opcodes, keywords, srv, associations,
                provenance);
    }
}
