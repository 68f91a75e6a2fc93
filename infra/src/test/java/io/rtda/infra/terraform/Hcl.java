package io.rtda.infra.terraform;

/**
 * Text operations on HCL source that the checks need beyond hcl4j's evaluated maps: comments removed
 * (outside strings and heredocs are not distinguished for {@code #} inside a quoted string, which is kept),
 * block bounds by brace matching, and the top level of a block body with nested blocks blanked out.
 */
final class Hcl {

    private Hcl() {
    }

    /** Removes {@code #}, {@code //} and block comments that are not inside a quoted string. */
    static String stripComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inString = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(text.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                i++;
            } else if (c == '"') {
                inString = true;
                out.append(c);
                i++;
            } else if (c == '#' || text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index of the brace closing the one at {@code open} (braces inside strings ignored). */
    static int blockEnd(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces from offset " + open);
    }

    /** The body with every nested block {@code name { ... }} replaced by blanks, so only its own attributes stay. */
    static String topLevel(String body) {
        StringBuilder out = new StringBuilder(body);
        int i = 0;
        while (i < out.length()) {
            int open = out.indexOf("{", i);
            if (open < 0) {
                break;
            }
            int lineStart = out.lastIndexOf("\n", open) + 1;
            String head = out.substring(lineStart, open).trim();
            int end = blockEnd(out.toString(), open);
            if (!head.contains("=")) {
                for (int k = lineStart; k <= end; k++) {
                    if (out.charAt(k) != '\n') {
                        out.setCharAt(k, ' ');
                    }
                }
            }
            i = end + 1;
        }
        return out.toString();
    }
}
