package org.chatdissect.store.train;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatdissect.core.fieldtype.InferredField;
import org.chatdissect.core.semantics.OpcodeSemantics;
import org.chatdissect.core.train.HeaderFormat;
import org.chatdissect.core.train.LearnedEndpoints;
import org.chatdissect.core.train.LearnedKeyword;
import org.chatdissect.core.train.TrainingResult;
import org.chatdissect.model.Association;
import org.chatdissect.model.CaptureRef;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Provenance;
import org.chatdissect.model.Server;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.model.TaskKind;
import org.chatdissect.model.TaskNames;

/**
 * Turns what the trainer learnt into signatures: one per header format (the paper's Fig. 2 and 3), one endpoint signature
 * per transport with static server endpoints (TCP-ENDPOINTS, UDP-ENDPOINTS, format version 2), and one per
 * inspected flow type (W-DNS, W-HTTP, TLS) that has keywords identifying the application.
 */
public final class SignatureFactory {
    /** Cap on learnt servers recorded per signature; the feedback loop and nDPI export need only a few. */
    static final int MAX_SERVERS = 256;

    private SignatureFactory() {}

    /**
     * Two learnt formats with the same fields are one signature (the two directions of a stream, or two peeling
     * rounds, can each learn the same header): the first keeps its name and takes the other's servers and opcodes.
     */
    private static void addOrJoin(List<Signature> out, Signature s) {
        for (int i = 0; i < out.size(); i++) {
            Signature o = out.get(i);
            if (o.flowType() == s.flowType() && o.scope() == s.scope() && sameFormat(o.fields(), s.fields())) {
                java.util.LinkedHashSet<Server> servers = new java.util.LinkedHashSet<>(o.servers());
                servers.addAll(s.servers());
                Map<String, OpcodeInfo> ops = new TreeMap<>(s.opcodes());
                ops.putAll(o.opcodes());
                out.set(i, o.withFields(widerMax(o.fields(), s.fields()))
                        .withServers(new ArrayList<>(servers).subList(0, Math.min(servers.size(), MAX_SERVERS)))
                        .withOpcodes(ops));
                return;
            }
        }
        out.add(s);
    }

    /** The same fields, up to the longest message a compared length accepts (each group saw its own longest). */
    private static boolean sameFormat(List<FieldSpec> a, List<FieldSpec> b) {
        return a.size() == b.size() && java.util.stream.IntStream.range(0, a.size())
                .allMatch(i -> a.get(i).withoutMax().equals(b.get(i).withoutMax()));
    }

    private static List<FieldSpec> widerMax(List<FieldSpec> a, List<FieldSpec> b) {
        return java.util.stream.IntStream.range(0, a.size()).mapToObj(i -> a.get(i).withWiderMax(b.get(i))).toList();
    }

    /**
     * @param taskServices service of each task, from the manifest's optional service column
     * @param status {@code REVIEWED} for a trainer run on clean traces, {@code UNREVIEWED} for feedback candidates
     */
    public static SignatureSet fromTraining(TrainingResult r, Map<String, String> taskServices,
                                            List<CaptureRef> captures, String software, Status status) {
        Provenance prov = new Provenance(captures, new TreeMap<>(r.parameters()), software,
                Provenance.createdTime(Instant.ofEpochSecond(0, r.newestPacketNanos())));
        List<Signature> out = new ArrayList<>();
        for (HeaderFormat h : r.headerFormats()) {
            Signature s = new Signature(r.app(), h.name(), h.flowType(), h.scope(), status, fields(h.fields()),
                    opcodes(h.opcodes(), taskServices), List.of(), servers(h.servers()), prov);
            addOrJoin(out, s);
        }
        Signature text = TextSignatureFactory.of(r, taskServices, status, prov);
        if (text != null) {
            out.add(text);
        }
        for (LearnedEndpoints e : r.endpoints()) {
            out.add(endpointSignature(r.app(), e, status, prov));
        }
        for (FlowType t : List.of(FlowType.DNS, FlowType.HTTP, FlowType.TLS)) {
            List<Keyword> kws = new ArrayList<>();
            boolean identifies = false;
            for (LearnedKeyword k : r.keywords()) {
                KeywordField f = KeywordField.fromJson(k.field());
                if (f == null || f.flowType() != t) {
                    continue;
                }
                String value = f.isHostName() ? k.value().toLowerCase(java.util.Locale.ROOT) : k.value();
                kws.add(new Keyword(f, value, round(k.coverage()), k.task(),
                        k.task() == null ? null : taskServices.get(k.task())));
                identifies |= f.identifiesApp();
            }
            if (identifies) {
                out.add(new Signature(r.app(), t.name(), t, 0, status, List.of(), null, dedupe(kws), List.of(), prov));
            }
        }
        return SignatureSet.of(out);
    }

    /**
     * One endpoint signature per transport, carrying the associations the trainer found evidence for. The servers
     * define the signature, so they are not capped like the informative servers of header signatures (static
     * endpoints are few: each needs flows from several clients).
     */
    static Signature endpointSignature(String app, LearnedEndpoints e, Status status, Provenance prov) {
        List<Association> assoc = new ArrayList<>();
        if (e.clientPort()) {
            assoc.add(Association.CLIENT_PORT);
        }
        if (e.serverEndpoint()) {
            assoc.add(Association.SERVER_ENDPOINT);
        }
        List<Server> servers = e.servers().stream().map(s -> new Server(s.ip(), s.port())).toList();
        return new Signature(app, e.name(), e.flowType(), 0, status, List.of(), null, List.of(), servers, assoc, prov);
    }

    private static List<Keyword> dedupe(List<Keyword> kws) {
        Map<String, Keyword> m = new TreeMap<>();
        for (Keyword k : kws) {
            m.merge(k.field().jsonName() + "\u0000" + k.value(), k, (a, b) -> a.task() != null ? a : b);
        }
        return new ArrayList<>(m.values());
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static List<FieldSpec> fields(List<InferredField> inferred) {
        HexFormat hex = HexFormat.of();
        List<FieldSpec> out = new ArrayList<>();
        for (InferredField f : inferred) {
            Endian endian = f.endian() == null ? null : Endian.fromJson(f.endian());
            List<String> values = f.values().stream().map(hex::formatHex).sorted().toList();
            if (f.mask() != null) {
                out.add(FieldSpec.bits(f.offset(), f.mask(), f.type(), f.type() == FieldType.CONSTANT ? values
                        : List.of(), f.request() == null ? null : hex.formatHex(f.request()),
                        f.response() == null ? null : hex.formatHex(f.response())));
                continue;
            }
            out.add(switch (f.type()) {
                case CONSTANT, OPCODE -> new FieldSpec(f.offset(), f.length(), f.type(), null, values, null, null);
                case REQRESP -> new FieldSpec(f.offset(), f.length(), f.type(), null, List.of(),
                        hex.formatHex(f.request()), hex.formatHex(f.response()));
                case LENGTH, SEQUENCE -> new FieldSpec(f.offset(), f.length(), f.type(), endian, List.of(), null, null,
                        f.type() == FieldType.LENGTH ? f.adjust() : null,
                        f.type() == FieldType.LENGTH ? f.maxMessage() : null);
                case UNIDENTIFIED -> new FieldSpec(f.offset(), f.length(), f.type(), null, List.of(), null, null);
            });
        }
        return out;
    }

    static java.util.SortedMap<String, OpcodeInfo> opcodes(List<OpcodeSemantics> sem, Map<String, String> services) {
        java.util.SortedMap<String, OpcodeInfo> out = new TreeMap<>();
        // a triggered task is named after its trigger: the trigger's manifest task, else its opcode
        Map<String, String> named = new java.util.HashMap<>();
        for (OpcodeSemantics s : sem) {
            if (s.task() != null) {
                named.put(s.opcodeHex(), s.task());
            }
        }
        for (OpcodeSemantics s : sem) {
            TaskKind kind = switch (s.kind()) {
                case USER -> TaskKind.USER;
                case PERIODIC -> TaskKind.PERIODIC;
                case TRIGGERED -> TaskKind.TRIGGERED;
                case UNKNOWN -> null;
            };
            if (kind == null) {
                continue;
            }
            String task = s.task() != null ? s.task() : switch (kind) {
                case PERIODIC -> TaskNames.periodic(s.opcodeHex());
                case TRIGGERED -> TaskNames.triggered(s.opcodeHex(),
                        s.trigger() == null ? null : named.getOrDefault(s.trigger(), s.trigger()));
                case USER -> "task " + s.opcodeHex();
            };
            Double period = kind == TaskKind.PERIODIC && s.periodSeconds() != null
                    ? Math.round(s.periodSeconds() * 1000) / 1000.0 : null;
            String service = s.task() == null ? (kind == TaskKind.USER ? null : "system") : services.get(s.task());
            if (service == null && kind != TaskKind.USER) {
                service = "system";
            }
            out.put(s.opcodeHex(), new OpcodeInfo(task, service, kind, period,
                    kind == TaskKind.TRIGGERED ? s.trigger() : null));
        }
        return out;
    }

    private static List<Server> servers(List<HeaderFormat.Endpoint> eps) {
        return eps.stream().limit(MAX_SERVERS).map(e -> new Server(e.ip(), e.port())).toList();
    }
}
