package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class SubcommandsTest {
    @Test
    void registryNamesAreTheCommandNames() {
        for (Map.Entry<String, Supplier<Object>> e : Subcommands.byName().entrySet()) {
            Object cmd = e.getValue().get();
            assertEquals(e.getKey(), cmd.getClass().getAnnotation(Command.class).name());
        }
        assertEquals(Subcommands.byName().size(), Subcommands.all().size());
    }

    @Test
    void aNamedCommandAloneElseAll() {
        assertTrue(Subcommands.named(new String[] {"classify", "--help"}) instanceof ClassifyCommand);
        assertNull(Subcommands.named(new String[0]));
        assertNull(Subcommands.named(new String[] {"--help"}));
        assertNull(Subcommands.named(new String[] {"help", "classify"}));
        assertNull(Subcommands.named(new String[] {"clasify"}));
    }

    @Test
    void helpStillListsEveryCommand() {
        StringWriter out = new StringWriter();
        int rc = ChatDissect.execute(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, rc);
        for (String name : Subcommands.byName().keySet()) {
            assertTrue(out.toString().contains("  " + name + " "), name + " missing from:\n" + out);
        }
    }

    @Test
    void aSubcommandsHelpIsTheSameAloneOrWithAll() {
        for (String name : Subcommands.byName().keySet()) {
            StringWriter alone = new StringWriter();
            ChatDissect.execute(new String[] {name, "--help"}, new PrintWriter(alone, true), new PrintWriter(new StringWriter(), true));
            StringWriter full = new StringWriter();
            ChatDissect.commandLine().getSubcommands().get(name).usage(new PrintWriter(full, true));
            assertEquals(full.toString(), alone.toString(), name);
        }
    }
}
