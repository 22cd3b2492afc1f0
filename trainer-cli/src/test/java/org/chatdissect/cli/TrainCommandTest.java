package org.chatdissect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatdissect train}: a name the signature file would refuse is a usage error before anything is read. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void anInvalidAppNameIsRefusedBeforeTraining() {
        StringWriter err = new StringWriter();
        Path out = dir.resolve("sig.json");
        // the capture does not exist: the name is checked first, so the error is about the name
        int rc = ChatDissect.execute(new String[] {"train", "--app", "WeChat", "--in", dir.resolve("none.pcap").toString(),
                "--out", out.toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(2, rc, err.toString());
        assertTrue(err.toString().contains("--app 'WeChat' must be 1..32 lower-case letters, digits or '_', starting with"
                + " a letter (try --app wechat)"), err.toString());
        assertFalse(Files.exists(out));
        assertEquals(1, err.toString().strip().lines().count(), "one line, not the whole usage: " + err);
        assertTrue(err.toString().strip().endsWith("(see chatdissect train --help)"), err.toString());
    }
}
