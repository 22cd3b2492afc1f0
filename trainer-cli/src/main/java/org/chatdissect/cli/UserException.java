package org.chatdissect.cli;

/** A failure the user can act on; its message is printed as one line. */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserException(String message) {
        this(message, ChatDissect.EXIT_BAD_INPUT);
    }

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
