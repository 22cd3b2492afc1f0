package org.chatdissect.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.chatdissect.core.fieldtype.FormatLearner;
import org.chatdissect.core.params.Parameters;
import org.chatdissect.core.segment.LengthPrefixFraming;
import org.chatdissect.core.semantics.ManifestEntry;
import org.chatdissect.model.FlowType;

/**
 * The one path from the flows of a capture to their header formats (sections III-A2 to III-A4): text-protocol lines
 * first ({@link TextLineInference}), then the peeled header formats of TCP and of UDP ({@link HeaderFormatInference}:
 * Voting Experts, grouping, reassembly, field types, lengths, framing, opcode correlation), then the formats of static
 * server endpoints the others leave undescribed ({@link EndpointInference}). {@code train} runs it on the flows of its
 * captures and {@code segment} on the same flows of its own, so that the report shows the fields training learns.
 */
public final class FormatPipeline {
    private FormatPipeline() {}

    /**
     * What the pipeline learnt.
     *
     * @param textKeywords  {@code text.line} keywords of text-protocol flows
     * @param headerFlows   TCP/UDP flows header learning saw (text-only flows left out)
     * @param headerPackets their payloads
     */
    public record Result(List<HeaderFormat> formats, List<LearnedEndpoints> endpoints, List<LearnedKeyword> textKeywords,
                         long headerFlows, long headerPackets) {
        public Result {
            formats = List.copyOf(formats);
            endpoints = List.copyOf(endpoints);
            textKeywords = List.copyOf(textKeywords);
        }
    }

    /**
     * A collector of what the pipeline learns from, with {@code params}' scopes and framing, accepting every flow.
     *
     * @param allFlows also DNS, HTTP and TLS flows, as TCP or UDP payloads (segment's {@code --all-flows})
     */
    public static TrainingCollector collector(Parameters params, boolean allFlows) {
        return new TrainingCollector(FormatLearner.typedScope(params), params.textScope(), ServerFilter.acceptAll(),
                flow -> true, LengthPrefixFraming.Config.ifOn(params), allFlows);
    }

    /** @param log receives one line per learning round (the CLI's --verbose) */
    public static Result learn(Parameters params, List<ManifestEntry> manifest, List<FlowSamples> flows,
                               Consumer<String> log) {
        List<FlowSamples> tcp = new ArrayList<>();
        List<FlowSamples> udp = new ArrayList<>();
        for (FlowSamples f : flows) {
            (f.flowType == FlowType.TCP ? tcp : udp).add(f);
        }
        // text protocols first: their keywords describe the text-only flows, which header learning then skips
        TextLineInference.Result text = new TextLineInference(TextLineInference.Config.of(params), manifest).learn(tcp);
        tcp.removeIf(f -> text.textOnlyFlows().contains(f.id));
        long headerPackets = 0;
        for (FlowSamples f : tcp) {
            headerPackets += f.packets.size();
        }
        for (FlowSamples f : udp) {
            headerPackets += f.packets.size();
        }
        if (text.textFlows() > 0) {
            log.accept("text: " + text.textFlows() + " flows start with a text line (" + text.textOnlyFlows().size()
                    + " text only, left out of header learning), " + text.lines() + " lines -> "
                    + text.keywords().size() + " text.line keywords");
        }
        HeaderFormatInference formats = new HeaderFormatInference(params, manifest, log);
        List<HeaderFormat> learnt = new ArrayList<>(formats.learn(FlowType.TCP, tcp));
        learnt.addAll(formats.learn(FlowType.UDP, udp));
        // after the formats: endpoints only for the flows they and the text lines leave undescribed (encrypted
        // apps)
        List<FlowSamples> headerFlows = new ArrayList<>(tcp);
        headerFlows.addAll(udp);
        EndpointInference.Result er = new EndpointInference(EndpointInference.Config.of(params)).learn(headerFlows, learnt,
                f -> text.textFlowIds().contains(f.id),
                formats::learnScoped);
        learnt.addAll(er.formats());
        for (LearnedEndpoints e : er.endpoints()) {
            log.accept("endpoints " + e.name() + ": " + e.servers().size() + " servers, " + e.flows() + " flows"
                    + (e.clientPort() ? ", client_port" : "") + (e.serverEndpoint() ? ", server_endpoint" : ""));
        }
        return new Result(learnt, er.endpoints(), text.keywords(), headerFlows.size(), headerPackets);
    }
}
