package org.chatdissect.match.feedback;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatdissect.core.train.ServerFilter;
import org.chatdissect.core.train.Trainer;
import org.chatdissect.core.train.TrainingResult;
import org.chatdissect.match.classify.ClassificationResult;
import org.chatdissect.match.classify.Classifier;
import org.chatdissect.match.compile.CompiledSignatures;
import org.chatdissect.match.report.FlowRow;
import org.chatdissect.match.report.ReportInput;
import org.chatdissect.match.report.ReportReader;
import org.chatdissect.match.report.TaskRow;
import org.chatdissect.store.model.Signature;
import org.chatdissect.store.model.SignatureSet;
import org.chatdissect.store.model.Status;
import org.chatdissect.store.train.SignatureFactory;

/**
 * One round: classify the traces with the current signatures, then (1) name the opcodes that classified flows
 * carry but their signature does not list, and (2) train on the unclassified flows to each application's
 * servers and keep what is new. The classifier's verdicts are read back from its output directory, the same
 * {@code flows.jsonl}/{@code tasks.jsonl} a user gets from {@code chatdissect classify}.
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
        ClassificationResult cr = new Classifier(CompiledSignatures.compile(List.of(current)), options.flows(),
                options.threads(), null).run(files, outDir);
        ReportInput in = ReportReader.read(outDir);
        CandidateSet candidates = new CandidateSet(current, round);
        unknownOpcodes(current, in, candidates);

        Map<String, Integer> fileIndex = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fileIndex.put(files.get(i).toString(), i);
        }
        ServerEndpoints endpoints = ServerEndpoints.of(in.flows());
        Map<String, Set<FlowRef>> selected = endpoints.unclassifiedFlows(in.flows(), fileIndex);
        int feedbackFlows = 0;
        for (Map.Entry<String, Set<FlowRef>> e : selected.entrySet()) {
            Set<FlowRef> refs = e.getValue();
            feedbackFlows += refs.size();
            TrainingResult r = new Trainer(options.params(), options.flows(), ServerFilter.acceptAll(),
                    flow -> refs.contains(FlowRef.of(flow)), line -> { }).train(e.getKey(), files, List.of());
            candidates.absorb(SignatureFactory.fromTraining(r, Map.of(), options.captures(), options.software(),
                    Status.UNREVIEWED));
        }
        long classified = in.flows().stream().filter(f -> !f.isApp("unknown")).count();
        return new Outcome(candidates.toSet(), new RoundResult(round, cr.flows(), classified, endpoints.size(),
                feedbackFlows, candidates.additions()));
    }

    /** Opcodes of classified tasks that the flow's signature does not list ("unknown opcode XX" tasks). */
    private void unknownOpcodes(SignatureSet current, ReportInput in, CandidateSet candidates) {
        Map<String, String> signatureOfFlow = new HashMap<>();
        for (FlowRow f : in.flows()) {
            if (f.signature() != null) {
                signatureOfFlow.put(f.file() + "#" + f.firstFrame(), f.app() + "/" + f.signature());
            }
        }
        Map<String, List<TaskRow>> tasksBySignature = new LinkedHashMap<>();
        for (TaskRow t : in.tasks()) {
            String sig = signatureOfFlow.get(t.flow());
            if (t.opcode() != null && sig != null) {
                tasksBySignature.computeIfAbsent(sig, k -> new ArrayList<>()).add(t);
            }
        }
        OpcodeNaming naming = new OpcodeNaming(options.params());
        for (Signature s : current.signatures()) {
            List<TaskRow> tasks = tasksBySignature.getOrDefault(s.id(), List.of());
            List<String> wanted = tasks.stream().map(TaskRow::opcode).filter(o -> !s.opcodes().containsKey(o))
                    .distinct().sorted().toList();
            if (s.isHeaderSignature() && !wanted.isEmpty()) {
                candidates.addOpcodes(s.id(), naming.name(tasks, s.opcodes(), wanted));
            }
        }
    }
}
