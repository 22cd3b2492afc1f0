package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.match.report.Cell;
import org.chatdissect.match.report.TableModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatdissect demo}: the checks that need no full run (the full pipeline takes minutes; the README's
 * set-up command is run by hand).
 */
class DemoCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ChatDissect.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void refusesToEmptyADirectoryItDidNotWrite() throws Exception {
        Path mine = Files.writeString(tmp.resolve("precious.txt"), "keep me");
        assertEquals(2, run("demo", "--out", tmp.toString()));
        assertTrue(err.toString().contains("not written by 'chatdissect demo'"), err.toString());
        assertEquals("keep me", Files.readString(mine));
    }

    @Test
    void badSizeIsAUsageError() {
        assertEquals(2, run("demo", "--out", tmp.resolve("d").toString(), "--size", "12q"));
        assertEquals(2, run("demo", "--out", tmp.resolve("d").toString(), "--size", "1k"));
        assertTrue(Files.notExists(tmp.resolve("d")), "nothing written on bad usage");
    }

    @Test
    void tablesRenderAlignedWithTextLeftAndNumbersRight() {
        TableModel t = new TableModel("table4", "Table IV. wechat", List.of("Service", "Task", "Users"),
                List.of(new TableModel.Row(List.of(Cell.text("system"), Cell.text("heartbeat"), Cell.count(1234)), true),
                        new TableModel.Row(List.of(Cell.text("im"), Cell.text("send_text"), Cell.count(7)), false)));
        assertEquals("""
                Table IV. wechat
                Service  Task       Users
                -------------------------
                system   heartbeat  1,234
                im       send_text      7
                """, DemoTableText.render(t));
    }
}
