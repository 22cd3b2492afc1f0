package org.chatdissect.match.feedback;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.chatdissect.core.flow.Flow;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.core.train.Trainer;
import org.chatdissect.core.train.TrainingResult;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.classify.TaskRecord;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.model.Status;
import org.chatdissect.store.train.SignatureFactory;

/**
 * One round: classify the traces with the current signatures, then (1) name the opcodes that classified flows
 * carry but their signature does not list, (1b) under a version tolerance, propose the constant values classified
 * flows carried in place of the learnt ones ({@link NewVersionValues}), and (2) train on the unclassified flows to each application's
 * servers and keep what is new. The classifier hands its verdicts over in memory as it writes the round's output
 * (kept for the user in the work directory, never read back), and every application trains in one pass over the
 * captures ({@link Trainer#trainEach}).
 */
final class FeedbackRound {
    /** The set after the round and the round's account. */
    record Outcome(SignatureSet signatures, RoundResult result) {}

    private final FeedbackOptions options;

    FeedbackRound(FeedbackOptions options) {
        this.options = options;
    }

    /**
     * @param files  expanded capture files (see {@link Classifier#expand}), in the order both passes read them
     * @param outDir where this round's classification output goes
     */
    Outcome run(int round, SignatureSet current, List<Path> files, Path outDir) throws IOException {
        CompiledSignatures compiled = CompiledSignatures.compile(List.of(current), options.versionTolerance());
        RoundFlows seen = new RoundFlows(compiled.apps());
        ClassificationResult cr = new Classifier(compiled, options.flows(), options.threads(), null)
                .run(files, outDir, seen::forFile);
        List<ClassifiedFlow> flows = seen.all();
        CandidateSet candidates = new CandidateSet(current, round);
        unknownOpcodes(current, flows, candidates);
        if (options.versionTolerance() > 0) {
            NewVersionValues.find(current, flows, files, options.flows()).forEach(candidates::addValues);
        }

        ServerEndpoints endpoints = ServerEndpoints.of(flows);
        Map<String, Set<FlowRef>> selected = endpoints.unclassifiedFlows(flows);
        Map<String, Predicate<Flow>> apps = new LinkedHashMap<>();
        int feedbackFlows = 0;
        for (Map.Entry<String, Set<FlowRef>> e : selected.entrySet()) {
            Set<FlowRef> refs = e.getValue();
            feedbackFlows += refs.size();
            apps.put(e.getKey(), flow -> refs.contains(FlowRef.of(flow)));
        }
        if (!apps.isEmpty()) {
            Map<String, TrainingResult> trained = new Trainer(options.params(), options.flows(),
                    ServerFilter.acceptAll(), line -> { }).trainEach(apps, files, List.of());
            for (TrainingResult r : trained.values()) {
                candidates.absorb(SignatureFactory.fromTraining(r, Map.of(), options.captures(), options.software(),
                        Status.UNREVIEWED));
            }
        }
        long classified = flows.stream().filter(ClassifiedFlow::classified).count();
        return new Outcome(candidates.toSet(), new RoundResult(round, cr.flows(), classified, endpoints.size(),
                feedbackFlows, candidates.additions()));
    }

    /** Opcodes of classified tasks that the flow's signature does not list ("unknown opcode XX" tasks). */
    private void unknownOpcodes(SignatureSet current, List<ClassifiedFlow> flows, CandidateSet candidates) {
        Map<String, List<ClassifiedFlow>> bySignature = new LinkedHashMap<>();
        for (ClassifiedFlow f : flows) {
            if (f.signatureId() != null && f.tasks().stream().anyMatch(t -> t.opcode() != null)) {
                bySignature.computeIfAbsent(f.signatureId(), k -> new ArrayList<>()).add(f);
            }
        }
        OpcodeNaming naming = new OpcodeNaming(options.params());
        for (Signature s : current.signatures()) {
            List<ClassifiedFlow> mine = bySignature.getOrDefault(s.id(), List.of());
            List<String> wanted = mine.stream().flatMap(f -> f.tasks().stream()).map(TaskRecord::opcode)
                    .filter(o -> o != null && !s.opcodes().containsKey(o)).distinct().sorted().toList();
            if (s.isHeaderSignature() && !wanted.isEmpty()) {
                candidates.addOpcodes(s.id(), naming.name(mine, s.opcodes(), wanted));
            }
        }
    }
}
