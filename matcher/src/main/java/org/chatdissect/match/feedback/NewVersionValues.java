package org.chatdissect.match.feedback;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.chatdissect.core.capture.CaptureReader;
import org.chatdissect.core.capture.CaptureStats;
import org.chatdissect.core.capture.PacketSource;
import org.chatdissect.core.flow.CaptureFlows;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.flow.FlowObserver;
import org.chatdissect.core.flow.FlowTableConfig;
import org.chatdissect.model.Direction;
import org.chatdissect.model.FieldSpec;
import org.chatdissect.model.FieldType;
import org.chatdissect.model.Hex;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;

/**
 * The constant values that flows classified under a version tolerance carried in place of their signature's learnt
 * ones: one pass over the captures reads the first payload of every flow a header signature classified and compares
 * its constant fields with the listed values. What differs is what a new client version changed (its version number),
 * proposed to the user as a reviewable addition ({@link CandidateSet#addValues}). Pure apart from reading the files.
 */
final class NewVersionValues {
    private NewVersionValues() {}

    /** Signature ID to constant field offset to new value (hex) to the number of flows that carried it. */
    static Map<String, Map<Integer, Map<String, Integer>>> find(SignatureSet current, List<ClassifiedFlow> flows,
            List<Path> files, FlowTableConfig config) throws IOException {
        Map<String, Signature> byId = new HashMap<>();
        current.signatures().stream().filter(Signature::isHeaderSignature).forEach(s -> byId.put(s.id(), s));
        Map<FlowRef, Signature> wanted = new HashMap<>();
        for (ClassifiedFlow f : flows) {
            Signature s = f.signatureId() == null ? null : byId.get(f.signatureId());
            if (s != null) {
                wanted.put(f.ref(), s);
            }
        }
        Map<String, Map<Integer, Map<String, Integer>>> out = new TreeMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        Set<FlowRef> done = new HashSet<>();
        CaptureStats stats = new CaptureStats();
        try (PacketSource src = CaptureReader.open(files, stats)) {
            new CaptureFlows(config, new FlowObserver() {
                @Override
                public void onPayload(Flow flow, Direction dir, long ts, long frame, byte[] d, int off, int len, int wl) {
                    FlowRef ref = FlowRef.of(flow);
                    Signature s = wanted.get(ref);
                    if (s == null || !done.add(ref)) {
                        return;
                    }
                    for (FieldSpec f : s.fields()) {
                        if (f.type() != FieldType.CONSTANT || f.end() > len) {
                            continue;
                        }
                        // a bit field's value is its bits of the byte
                        String hex = f.isBitField() ? String.format("%02x", d[off + f.offset()] & f.mask())
                                : Hex.encode(d, off + f.offset(), f.length());
                        if (!f.values().contains(hex)) {
                            out.computeIfAbsent(s.id(), k -> new TreeMap<>()).computeIfAbsent(f.offset(),
                                    k -> new TreeMap<>()).merge(hex, 1, Integer::sum);
                        }
                    }
                }
            }).run(src, stats);
        }
        return out;
    }
}
