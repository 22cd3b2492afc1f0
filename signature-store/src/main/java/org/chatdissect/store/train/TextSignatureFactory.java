package org.chatdissect.store.train;

import java.util.ArrayList;
import java.util.List;
import org.chatdissect.core.train.LearnedKeyword;
import org.chatdissect.core.train.TrainingResult;
import org.chatdissect.model.FlowType;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Provenance;
import org.chatdissect.model.Signature;
import org.chatdissect.model.Status;

/**
 * The text signature of an application (format version 2): its {@code text.line} keywords, learnt by
 * {@code core.train.TextLineInference}, in one TCP signature named {@value #NAME} whose scope is the trainer's
 * {@code text.scope}.
 */
final class TextSignatureFactory {
    static final String NAME = "TEXT";

    private TextSignatureFactory() {}

    /** The text signature, or null when nothing was learnt. */
    static Signature of(TrainingResult r, java.util.Map<String, String> taskServices, Status status, Provenance prov) {
        List<Keyword> kws = new ArrayList<>();
        for (LearnedKeyword k : r.keywords()) {
            if (KeywordField.fromJson(k.field()) == KeywordField.TEXT_LINE) {
                kws.add(new Keyword(KeywordField.TEXT_LINE, k.value(), Math.round(k.coverage() * 10000) / 10000.0, k.task(),
                        k.task() == null ? null : taskServices.get(k.task())));
            }
        }
        if (kws.isEmpty()) {
            return null;
        }
        int scope = Integer.parseInt(r.parameters().getOrDefault("text.scope", "64"));
        return new Signature(r.app(), NAME, FlowType.TCP, scope, status, List.of(), null, kws, List.of(), prov);
    }
}
