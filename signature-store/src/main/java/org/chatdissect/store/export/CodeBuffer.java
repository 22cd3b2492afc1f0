package org.chatdissect.store.export;

/** A small indenting text buffer for generated code: {@code line}, {@code open} (line then indent), {@code close}. */
public final class CodeBuffer {
    private final StringBuilder sb = new StringBuilder();
    private final String unit;
    private int depth;

    public CodeBuffer(String indentUnit) {
        this.unit = indentUnit;
    }

    public CodeBuffer line(String text) {
        if (!text.isEmpty()) {
            sb.append(unit.repeat(depth)).append(text);
        }
        sb.append('\n');
        return this;
    }

    public CodeBuffer line() {
        return line("");
    }

    /** Writes {@code text} and indents the following lines. */
    public CodeBuffer open(String text) {
        line(text);
        depth++;
        return this;
    }

    /** Unindents, then writes {@code text}. */
    public CodeBuffer close(String text) {
        if (depth == 0) {
            throw new IllegalStateException("close without open");
        }
        depth--;
        return line(text);
    }

    /** Writes {@code text} one level out and keeps the indentation: {@code else}, {@code elseif ... then}. */
    public CodeBuffer middle(String text) {
        close(text);
        depth++;
        return this;
    }

    public int depth() {
        return depth;
    }

    @Override
    public String toString() {
        if (depth != 0) {
            throw new IllegalStateException("unbalanced: depth " + depth);
        }
        return sb.toString();
    }
}
