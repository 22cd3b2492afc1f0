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
     * A new instance of the subcommand a command line names first, or null (no arguments, help, an option or an
     * unknown name: those need every command, for the listing or the suggestions).
     */
    static Object named(String[] args) {
        if (args.length > 0) {
            Supplier<Object> s = byName().get(args[0]);
            if (s != null) {
                return s.get();
            }
        }
        return null;
    }
}
