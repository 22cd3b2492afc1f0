package org.chatdissect.match.report;

import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;

/**
 * Builds HTML where every piece of text and every attribute value is escaped; tag and attribute names
 * come from code only. The one unescaped input is the style sheet, a constant of {@link HtmlReport}.
 */
public final class HtmlBuilder {
    private final StringBuilder sb = new StringBuilder();
    private final Deque<String> open = new ArrayDeque<>();

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public HtmlBuilder doctype() {
        sb.append("<!DOCTYPE html>\n");
        return this;
    }

    /** Opens {@code tag} with attributes given as name, value pairs. */
    public HtmlBuilder open(String tag, String... attributes) {
        startTag(tag, attributes);
        open.push(tag);
        return this;
    }

    public HtmlBuilder close() {
        sb.append("</").append(open.pop()).append('>');
        if (open.size() <= 2) {
            sb.append('\n');
        }
        return this;
    }

    /** A void element such as {@code meta} or {@code img}. */
    public HtmlBuilder empty(String tag, String... attributes) {
        startTag(tag, attributes);
        return this;
    }

    public HtmlBuilder text(String s) {
        sb.append(escape(s));
        return this;
    }

    public HtmlBuilder element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close();
    }

    HtmlBuilder styleSheet(String css) {
        sb.append("<style>").append(css).append("</style>\n");
        return this;
    }

    public HtmlBuilder pngImage(byte[] png, String alt, int width, int height) {
        return empty("img", "src", "data:image/png;base64," + Base64.getEncoder().encodeToString(png), "alt", alt,
                "width", Integer.toString(width), "height", Integer.toString(height));
    }

    public HtmlBuilder table(TableModel t) {
        open("table", "id", t.id()).element("caption", t.title()).open("thead").open("tr");
        t.header().forEach(h -> element("th", h));
        close().close().open("tbody");
        for (TableModel.Row r : t.rows()) {
            if (r.strong()) {
                open("tr", "class", "strong");
            } else {
                open("tr");
            }
            r.cells().forEach(c -> element("td", c.shown()));
            close();
            sb.append('\n');
        }
        return close().close();
    }

    private void startTag(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        sb.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            sb.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
        sb.append('>');
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return sb.toString();
    }
}
