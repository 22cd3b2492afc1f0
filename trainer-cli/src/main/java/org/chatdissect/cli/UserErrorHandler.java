package org.chatdissect.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on standard error: users of a command-line tool should never see a
 * stack trace. Set CHATDISSECT_DEBUG=1 to get the trace when developing.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String msg;
        if (t instanceof NoSuchFileException nsf) {
            msg = nsf.getFile() + ": no such file";
        } else if (t instanceof java.nio.file.FileSystemException fse && fse.getReason() == null) {
            // the JDK's message is the bare path for these: say what is wrong with it
            String why = t instanceof java.nio.file.FileAlreadyExistsException ? "exists (not a directory)"
                    : t instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : t instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : t instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : t.getClass().getSimpleName();
            msg = fse.getFile() + ": " + why;
        } else if (t instanceof UserException || t instanceof IOException) {
            msg = t.getMessage();
        } else {
            msg = "internal error: " + t;
        }
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(msg));
        if (System.getenv("CHATDISSECT_DEBUG") != null) {
            t.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return t instanceof UserException ue ? ue.exitCode() : ChatDissect.EXIT_BAD_INPUT;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
