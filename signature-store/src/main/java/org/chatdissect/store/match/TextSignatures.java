package org.chatdissect.store.match;

import java.util.Optional;
import org.chatdissect.core.inspect.TextLine;
import org.chatdissect.model.Keyword;
import org.chatdissect.model.KeywordField;
import org.chatdissect.model.Signature;
import org.chatdissect.model.SignatureForm;

/**
 * The reference semantics of text signatures (format version 2; docs/signature-format.md, "Matching"), the
 * direct field inspection of section III-A1 applied to a text protocol of the application's own:
 *
 * <ul>
 *   <li>a payload's <em>line</em> is its bytes before the first CR LF, when that CR LF ends within the signature's
 *       scope and every byte before it is printable ASCII (0x20..0x7e); otherwise the payload has no line;
 *   <li>a payload matches when its line equals a {@code text.line} keyword or starts with the keyword followed by a
 *       space (a command with arguments, {@code INVITE sip:...});
 *   <li>its task is that of the longest matching keyword with a task.
 * </ul>
 * Flow-level rules (which payloads of a TCP flow are looked at) belong to the matcher.
 */
public final class TextSignatures {
    private TextSignatures() {}

    /** The first line of {@code payload[off, off+len)} within {@code scope} bytes, or null when it has none. */
    public static String line(byte[] payload, int off, int len, int scope) {
        return TextLine.of(payload, off, len, scope);
    }

    /** True when a line is the keyword's: equal to it, or the keyword followed by a space and more. */
    public static boolean lineMatches(String line, String keyword) {
        return line.equals(keyword) || line.length() > keyword.length() && line.startsWith(keyword)
                && line.charAt(keyword.length()) == ' ';
    }

    public static boolean matches(Signature sig, byte[] payload, int off, int len) {
        return matching(sig, payload, off, len).isPresent();
    }

    /** The task named by the longest matching keyword with a task, when the payload matches. */
    public static Optional<String> task(Signature sig, byte[] payload, int off, int len) {
        String line = line(requireText(sig), payload, off, len);
        Keyword best = null;
        if (line != null) {
            for (Keyword k : sig.keywords()) {
                if (k.task() != null && lineMatches(line, k.value())
                        && (best == null || k.value().length() > best.value().length())) {
                    best = k;
                }
            }
        }
        return Optional.ofNullable(best).map(Keyword::task);
    }

    /** The first keyword (file order) the payload's line matches. */
    public static Optional<Keyword> matching(Signature sig, byte[] payload, int off, int len) {
        String line = line(requireText(sig), payload, off, len);
        if (line != null) {
            for (Keyword k : sig.keywords()) {
                if (k.field() == KeywordField.TEXT_LINE && lineMatches(line, k.value())) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }

    private static String line(Signature sig, byte[] payload, int off, int len) {
        if (off < 0 || len < 0 || off + len > payload.length) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", payload " + payload.length);
        }
        return line(payload, off, len, sig.scope());
    }

    private static Signature requireText(Signature sig) {
        if (sig.form() != SignatureForm.TEXT) {
            throw new IllegalArgumentException(sig.id() + " is not a text signature");
        }
        return sig;
    }
}
