package org.chatdissect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the flow layer lands: {@code chatdissect flows}. */
@Command(name = "flows", mixinStandardHelpOptions = true, description = "Reads captures and writes their flow table as JSON lines.")
final class FlowsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("flows: not built yet");
    }
}
