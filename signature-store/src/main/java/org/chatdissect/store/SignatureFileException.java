package org.chatdissect.store;

import java.io.IOException;
import java.util.List;

/**
 * A signature file that cannot be used: unreadable, not JSON, hostile (too deep, too long), of another format or a
 * newer version, or invalid. The message is one line, starting with the file name; {@link #problems()} holds every
 * problem found (the message shows the first few). A file that raises this exception is never partly loaded.
 */
public class SignatureFileException extends IOException {
    private static final long serialVersionUID = 1L;
    /** How many problems the one-line message shows. */
    public static final int SHOWN = 3;

    private final String file;
    private final List<String> problems;

    public SignatureFileException(String file, List<String> problems) {
        super(message(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public SignatureFileException(String file, String problem) {
        this(file, List.of(problem));
    }

    /** The file name as given by the caller. */
    public String file() {
        return file;
    }

    /** Every problem, without the file name, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String file, List<String> problems) {
        StringBuilder sb = new StringBuilder(file).append(": ");
        int n = Math.min(SHOWN, problems.size());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(problems.get(i));
        }
        if (problems.size() > n) {
            int more = problems.size() - n;
            sb.append(" (and ").append(more).append(more == 1 ? " more problem)" : " more problems)");
        }
        return sb.toString().replace('\n', ' ').replace('\r', ' ');
    }
}
