package org.chatdissect.store.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.chatdissect.core.io.AtomicOutput;
import org.chatdissect.model.SignatureSet;
import org.chatdissect.store.SignatureFileException;
import org.chatdissect.store.validate.SignatureValidator;

/**
 * Reads and writes signature files (docs/signature-format.md).
 *
 * <p>Reading is strict about what it knows and tolerant of what it does not: unknown keys are ignored (so the format
 * can grow), a missing or other {@code format}, a newer {@code version}, a wrong type, a duplicate key, a truncated
 * file, nesting deeper than {@value #MAX_DEPTH}, numbers longer than {@value #MAX_NUMBER_CHARS} characters, strings
 * longer than {@value #MAX_STRING_CHARS} characters and files larger than {@value #MAX_FILE_BYTES} bytes are refused,
 * and so is a set that fails {@link SignatureValidator}: the result is a complete valid set or a
 * {@link SignatureFileException}, never a partial set.
 *
 * <p>Writing is deterministic: fixed key order, opcodes sorted by value, two-space indentation, LF line ends and a
 * trailing newline, so write, read, write gives the same bytes.
 */
public final class SignatureJson {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NUMBER_CHARS = 64;
    public static final int MAX_STRING_CHARS = 1 << 20;
    public static final long MAX_FILE_BYTES = 64L << 20;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(1024)
                    .maxDocumentLength(MAX_FILE_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private SignatureJson() {}

    /** Reads and validates {@code file}; errors name the file as given. */
    public static SignatureSet read(Path file) throws SignatureFileException {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new SignatureFileException(name, "is a directory");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SignatureFileException(name, "file of " + size + " bytes is larger than the limit of "
                        + MAX_FILE_BYTES);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, name);
            }
        } catch (NoSuchFileException e) {
            throw new SignatureFileException(name, "no such file");
        } catch (SignatureFileException e) {
            throw e;
        } catch (IOException e) {
            throw new SignatureFileException(name, "cannot read: " + e.getMessage());
        }
    }

    /** Reads and validates a signature file from {@code in}; {@code sourceName} names it in errors. */
    public static SignatureSet read(InputStream in, String sourceName) throws SignatureFileException {
        JsonNode root;
        try (JsonParser p = FACTORY.createParser(in)) {
            try {
                root = JsonTree.read(p);
            } catch (JsonProcessingException e) {
                throw new SignatureFileException(sourceName, describe(e, p));
            }
        } catch (SignatureFileException e) {
            throw e;
        } catch (IOException e) {
            throw new SignatureFileException(sourceName, "cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new SignatureFileException(sourceName, "empty file, expected a JSON object");
        }
        SignatureSet set = TreeReader.toModel(root, sourceName);
        SignatureValidator.requireValid(set, sourceName);
        return set;
    }

    /** Reads and validates a signature file held in a string. */
    public static SignatureSet parse(String json, String sourceName) throws SignatureFileException {
        return read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), sourceName);
    }

    /**
     * The canonical text of {@code set}.
     *
     * @throws IllegalArgumentException when the set is not valid: the store never writes a file it would refuse
     */
    public static String toJson(SignatureSet set) {
        List<String> problems = SignatureValidator.problems(set);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("refusing to write an invalid signature set: " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        return TreeWriter.write(set);
    }

    public static void write(SignatureSet set, OutputStream out) throws IOException {
        out.write(toJson(set).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes {@code set} to {@code file} whole or not at all ({@link AtomicOutput}). */
    public static void write(SignatureSet set, Path file) throws IOException {
        AtomicOutput.write(file, toJson(set).getBytes(StandardCharsets.UTF_8));
    }

    static String describe(JsonProcessingException e, JsonParser p) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            msg = e.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        if (msg.length() > 200) {
            msg = msg.substring(0, 197) + "...";
        }
        msg = msg.replace('\r', ' ').replaceAll(", from `StreamReadConstraints[^`]*`", "");
        StringBuilder sb = new StringBuilder();
        JsonLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() <= 0) {
            loc = p.currentLocation();
        }
        if (loc != null && loc.getLineNr() > 0) {
            sb.append("line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
        }
        String path = pointer(p);
        if (!path.isEmpty()) {
            sb.append(sb.length() > 0 ? ", at " : "at ").append(path);
        }
        return (sb.length() > 0 ? sb + ": " : "") + msg;
    }

    private static String pointer(JsonParser p) {
        try {
            String s = p.getParsingContext().pathAsPointer().toString();
            return s.length() > 120 ? s.substring(0, 117) + "..." : s;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
