package io.rtda.infra.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Terraform module directory: its {@code .tf} files parsed by hcl4j and merged into one map per block
 * kind, and their text without comments for what hcl4j does not keep (expressions, type constraints).
 * hcl4j evaluates what it can: literals and {@code var.} defaults come back as values, references it cannot
 * evaluate come back as their dotted name ({@code "local.lambda_handler"}) or as null. Immutable after load.
 */
public final class TerraformModule {

    private final Path dir;
    private final Map<String, Map<String, Object>> blocks;
    private final Map<Path, String> texts;

    private TerraformModule(Path dir, Map<String, Map<String, Object>> blocks, Map<Path, String> texts) {
        this.dir = dir;
        this.blocks = blocks;
        this.texts = texts;
    }

    /** Parses every {@code .tf} file directly in {@code dir}; fails naming the file hcl4j cannot parse. */
    public static TerraformModule load(Path dir) {
        Map<String, Map<String, Object>> blocks = new LinkedHashMap<>();
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path file : tfFiles(dir)) {
            String text;
            Map<String, Object> parsed;
            try {
                text = Files.readString(file);
                parsed = new HCLParser().parse(text);
            } catch (Exception e) {
                throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
            }
            texts.put(file, Hcl.stripComments(text));
            for (Map.Entry<String, Object> e : parsed.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    merge(blocks.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()), m);
                }
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalStateException("no .tf files in " + dir);
        }
        return new TerraformModule(dir, blocks, texts);
    }

    private static List<Path> tfFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Merges resource/data maps two levels deep (type, then name) so files add to each other. */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<?, ?> from) {
        for (Map.Entry<?, ?> e : from.entrySet()) {
            Object existing = into.get(e.getKey().toString());
            if (existing instanceof Map<?, ?> a && e.getValue() instanceof Map<?, ?> b) {
                ((Map<Object, Object>) a).putAll(b);
            } else {
                into.put(e.getKey().toString(), e.getValue());
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** Blocks of one kind ({@code variable}, {@code locals}, {@code module}, {@code output}) by name. */
    public Map<String, Object> blocks(String kind) {
        return blocks.getOrDefault(kind, Map.of());
    }

    /** Resources ({@code kind = "resource"}) or data sources ({@code "data"}) of one type, by name. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> typed(String kind, String type) {
        Object byName = blocks(kind).get(type);
        return byName instanceof Map<?, ?> m ? (Map<String, Map<String, Object>>) m : Map.of();
    }

    /** Attributes of the named block of a kind without labels beyond the name (variable, module, output). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> block(String kind, String name) {
        Object b = blocks(kind).get(name);
        return b instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Comment-free text of every file, keyed by path. */
    public Map<Path, String> texts() {
        return texts;
    }

    /**
     * The source expression of {@code attribute} at the top level of the block whose header is
     * {@code header} (e.g. {@code resource "aws_lambda_function" "this"}), or empty.
     */
    public Optional<String> expression(String header, String attribute) {
        Pattern headerPattern = Pattern.compile(Pattern.quote(header) + "\\s*\\{");
        for (String text : texts.values()) {
            Matcher m = headerPattern.matcher(text);
            if (m.find()) {
                String body = Hcl.topLevel(text.substring(m.end(), Hcl.blockEnd(text, m.end() - 1)));
                Pattern line = Pattern.compile("(?m)^\\s*" + Pattern.quote(attribute) + "\\s*=\\s*(.+?)\\s*$");
                Matcher a = line.matcher(body);
                return a.find() ? Optional.of(a.group(1)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Every block header of this module, e.g. {@code variable "name"}, in file order. */
    public List<String> headers(String kind) {
        List<String> headers = new ArrayList<>();
        Pattern p = Pattern.compile("(?m)^" + kind + "((?:\\s+\"[^\"]+\")+)\\s*\\{");
        for (String text : texts.values()) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                headers.add(kind + m.group(1).replaceAll("\\s+", " "));
            }
        }
        return headers;
    }
}
