package org.chatdissect.bench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.chatdissect.datasets.zoo.Zoo;
import org.chatdissect.datasets.zoo.ZooProtocol.Field;
import org.chatdissect.datasets.zoo.ZooProtocol;
import org.chatdissect.model.Endian;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.OpcodeInfo;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.model.TaskKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo's scorer gives the truth full marks and a wrong signature less; the bench is deterministic. */
class ZooScoreTest {
    @TempDir
    static Path dir;

    /** The signature a perfect trainer would learn: the truth's fields, every opcode with its task and kind. */
    static SignatureSet truthSignature(ZooProtocol p) {
        HexFormat hex = HexFormat.of();
        List<FieldSpec> fields = new ArrayList<>();
        TreeMap<String, OpcodeInfo> ops = new TreeMap<>();
        for (String t : p.opcodes.keySet()) {
            TaskKind kind = t.equals(ZooProtocol.HEARTBEAT) ? TaskKind.PERIODIC
                    : t.equals(ZooProtocol.SYNC) ? TaskKind.TRIGGERED : TaskKind.USER;
            ops.put(p.opcodeHex(t), new OpcodeInfo(kind == TaskKind.USER ? t : kind.jsonName() + " " + p.opcodeHex(t),
                    null, kind, kind == TaskKind.PERIODIC ? p.heartbeatMicros / 1e6 : null,
                    kind == TaskKind.TRIGGERED ? p.opcodeHex(ZooProtocol.LOGIN) : null));
        }
        for (Field f : p.header) {
            if (f.kind() == ZooProtocol.Kind.FLAGS) {
                ZooProtocol.Flags fl = p.flags;
                fields.add(FieldSpec.bits(f.offset(), fl.response(), FieldType.REQRESP, List.of(), "00",
                        String.format("%02x", fl.response())));
                fields.add(FieldSpec.bits(f.offset(), fl.constantMask(), FieldType.CONSTANT,
                        List.of(String.format("%02x", fl.constantBits())), null, null));
                if (fl.varyingMask() != 0) {
                    fields.add(FieldSpec.bits(f.offset(), fl.varyingMask(), FieldType.UNIDENTIFIED, List.of(), null,
                            null));
                }
                continue;
            }
            Endian e = f.length() > 1 ? (f.little() ? Endian.LITTLE : Endian.BIG) : null;
            fields.add(switch (f.kind()) {
                case MAGIC, VERSION -> new FieldSpec(f.offset(), f.length(), FieldType.CONSTANT, null,
                        List.of(hex.formatHex(f.value())), null, null);
                case REQRESP -> new FieldSpec(f.offset(), 1, FieldType.REQRESP, null, List.of(),
                        hex.formatHex(f.value(), 0, 1), hex.formatHex(f.value(), 1, 2));
                case LENGTH -> new FieldSpec(f.offset(), f.length(), FieldType.LENGTH, e, List.of(), null, null);
                case OPCODE -> new FieldSpec(f.offset(), f.length(), FieldType.OPCODE, null,
                        List.copyOf(ops.keySet()), null, null);
                case SEQUENCE -> new FieldSpec(f.offset(), f.length(), FieldType.SEQUENCE, e, List.of(), null, null);
                case SESSION, USER -> new FieldSpec(f.offset(), f.length(), FieldType.UNIDENTIFIED, null, List.of(),
                        null, null);
                case FLAGS -> throw new AssertionError();
            });
        }
        return SignatureSet.of(List.of(new Signature("zoo", p.tcp ? "TCP" : "UDP", p.tcp ? FlowType.TCP : FlowType.UDP,
                p.headerLength, Status.REVIEWED, fields, ops, List.of(), List.of(), null)));
    }

    @Test
    void theTruthScoresFullMarksAndAWrongTypeLoses() throws Exception {
        for (long seed : List.of(1L, 2L, 5L)) {
            ZooProtocol p = ZooProtocol.draw(seed);
            Path d = dir.resolve("zoo-" + seed);
            Zoo.generate(seed, d);
            SignatureSet truth = truthSignature(p);
            ZooScore s = ZooScore.of(p, d, truth);
            assertEquals(s.messages(), s.messagesMatched(), p + ": the truth signature matches every message");
            assertTrue(s.messages() > 50, p + ": " + s.messages() + " messages");
            assertEquals(1.0, s.typeAccuracy(), p.toString());
            assertEquals(1.0, s.boundaries().f1(), 1e-12, p.toString());
            assertEquals(1.0, s.taskAccuracy(), p.toString());
            assertTrue(s.periodic() && s.triggered(), p.toString());
            assertEquals(1.0, s.vMeasure(), 1e-9, "message types: one opcode value per task");

            // the same signature with its opcode field typed unidentified: those bytes and every task are lost
            Signature t = truth.signatures().get(0);
            List<FieldSpec> worse = t.fields().stream().map(f -> f.type() == FieldType.OPCODE
                    ? new FieldSpec(f.offset(), f.length(), FieldType.UNIDENTIFIED, null, List.of(), null, null) : f)
                    .toList();
            ZooScore w = ZooScore.of(p, d, SignatureSet.of(List.of(new Signature(t.app(), t.name(), t.flowType(),
                    t.scope(), t.status(), worse, new TreeMap<>(), List.of(), List.of(), null))));
            double opcodeShare = p.field(ZooProtocol.Kind.OPCODE).length() / (double) p.headerLength;
            assertEquals(1.0 - opcodeShare, w.typeAccuracy(), 1e-9, p.toString());
            assertEquals(0.0, w.taskAccuracy());
            assertEquals(0.0, w.vMeasure(), 1e-9, "one cluster for every task");
        }
    }

    @Test
    void theBenchIsDeterministic() throws Exception {
        var a = ZooBench.run("t", List.of(3L, 4L), "improved", org.chatdissect.core.params.Parameters.improved(),
                dir.resolve("a"));
        var b = ZooBench.run("t", List.of(3L, 4L), "improved", org.chatdissect.core.params.Parameters.improved(),
                dir.resolve("b"));
        assertEquals(a, b);
        assertEquals(0, a.failed());
    }
}
