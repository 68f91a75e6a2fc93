package io.rtda.infra.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as a list of instructions: comment lines dropped, backslash continuations joined, the
 * keyword upper-cased. Enough for static checks; not a full BuildKit parser (no heredocs, no escape directive).
 *
 * @param file where it was read from
 * @param instructions in file order
 */
record Dockerfile(Path file, List<Instruction> instructions) {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

    /** One instruction, e.g. {@code COPY --chown=185:0 a b}, and the line it starts on (1-based). */
    record Instruction(String keyword, String args, int line) {
    }

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (current.isEmpty()) {
                start = i + 1;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space < 0 ? text.length() : space).toUpperCase(),
                        space < 0 ? "" : text.substring(space + 1).strip(), start));
                current.setLength(0);
            }
        }
        return new Dockerfile(file, instructions);
    }

    /**
     * The sources of every {@code COPY} from the build context (not {@code --from} another stage), each with
     * its instruction: flags dropped, the last word (the destination) left out.
     */
    List<ContextCopy> contextCopies() {
        List<ContextCopy> out = new ArrayList<>();
        for (Instruction copy : all("COPY")) {
            List<String> words = new ArrayList<>(List.of(copy.args().split("\\s+")));
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            words.removeIf(w -> w.startsWith("--"));
            for (String source : words.subList(0, words.size() - 1)) {
                out.add(new ContextCopy(copy, source));
            }
        }
        return out;
    }

    /** One source of a {@code COPY} from the build context. */
    record ContextCopy(Instruction copy, String source) {
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** Every {@code ENV} key and value (quotes removed), later instructions overriding earlier ones. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : all("ENV")) {
            Matcher m = ENV_PAIR.matcher(i.args());
            while (m.find()) {
                env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }

    /** The value of {@code ARG name=value} declared before the first {@code FROM}, or null. */
    String globalArg(String name) {
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                return null;
            }
            if (i.keyword().equals("ARG") && i.args().startsWith(name + "=")) {
                return i.args().substring(name.length() + 1).replaceAll("^\"|\"$", "");
            }
        }
        return null;
    }
}
