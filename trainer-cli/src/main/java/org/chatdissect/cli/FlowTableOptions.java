package org.chatdissect.cli;

import org.chatdissect.core.flow.FlowTableConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flow table's options, shared by every command that reads captures into flows. */
final class FlowTableOptions {
    @Option(names = "--tcp-timeout", defaultValue = "1800", paramLabel = "SECONDS",
            description = "idle time after which a TCP flow ends (default ${DEFAULT-VALUE})")
    long tcpTimeout;

    @Option(names = "--udp-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "idle time after which a UDP flow ends (default ${DEFAULT-VALUE})")
    long udpTimeout;

    @Option(names = "--max-flows", defaultValue = "1000000", paramLabel = "N",
            description = "live flows kept at most; beyond, the least recently active is ended (default ${DEFAULT-VALUE})")
    int maxFlows;

    /** The configuration, or a usage error (exit 2) for a value that is not positive. */
    FlowTableConfig config(CommandLine cl) {
        if (tcpTimeout <= 0 || udpTimeout <= 0 || maxFlows <= 0) {
            throw new CommandLine.ParameterException(cl, "--tcp-timeout, --udp-timeout and --max-flows must be positive");
        }
        return FlowTableConfig.of(tcpTimeout, udpTimeout, maxFlows);
    }
}
