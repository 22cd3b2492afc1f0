package org.chatdissect.match.report;

/** The classifier output directory is missing a file or holds a malformed line; the message is one line. */
public class ReportInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportInputException(String message) {
        super(message);
    }
}
