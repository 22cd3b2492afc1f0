package org.chatdissect.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of subcommands: one line per command, so adding a command touches one place. */
final class Subcommands {
    private Subcommands() {}

    /** Name (the command's {@code @Command} name, checked by SubcommandsTest) to a new instance. */
    static Map<String, Supplier<Object>> byName() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("demo", DemoCommand::new);
        m.put("feedback", FeedbackCommand::new);
        m.put("flows", FlowsCommand::new);
        m.put("generate", GenerateCommand::new);
        m.put("classify", ClassifyCommand::new);
        m.put("report", ReportCommand::new);
        m.put("segment", SegmentCommand::new);
        m.put("signatures", SignaturesCommand::new);
        m.put("train", TrainCommand::new);
        return m;
    }

    static List<Object> all() {
        List<Object> l = new ArrayList<>();
        for (Supplier<Object> s : byName().values()) {
            l.add(s.get());
        }
        return l;
    }

    /**
     * The subcommands a command line needs: only the one it names first, else (help, no or an unknown
     * subcommand) all of them. picocli builds each command's model by reflection at start, ~10 ms or more
     * apiece, and a classify run lasts about a second.
     */
    static List<Object> forArgs(String[] args) {
        if (args.length > 0) {
            Supplier<Object> s = byName().get(args[0]);
            if (s != null) {
                return List.of(s.get());
            }
        }
        return all();
    }
}
