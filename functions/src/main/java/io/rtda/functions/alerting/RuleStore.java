package io.rtda.functions.alerting;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.rtda.functions.rules.InvalidRuleException;
import io.rtda.functions.rules.Rule;
import io.rtda.functions.rules.RuleParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules file: {@code rules:} followed by a list of rule documents, YAML for {@code .yaml}/{@code .yml},
 * JSON otherwise. Writes are atomic (temporary file, then rename). Not thread-safe: the owner serializes calls.
 */
final class RuleStore {
    private final Path file;
    private final ObjectMapper mapper;
    private long lastSeenModified = Long.MIN_VALUE;

    RuleStore(Path file) {
        this.file = file;
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        this.mapper = name.endsWith(".yaml") || name.endsWith(".yml")
                ? new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                : new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    Path file() {
        return file;
    }

    /**
     * Reads and validates every rule; an absent file is an empty rule set.
     *
     * @throws IOException          when the file cannot be read or parsed
     * @throws InvalidRuleException for the first invalid rule, its field paths prefixed with {@code rules[i].}
     */
    List<Rule> load() throws IOException {
        if (!Files.exists(file)) {
            lastSeenModified = Long.MIN_VALUE;
            return List.of();
        }
        lastSeenModified = Files.getLastModifiedTime(file).toMillis();
        Object root = mapper.readValue(file.toFile(), Object.class);
        Object list = root instanceof Map<?, ?> m ? m.get("rules") : root;
        if (!(list instanceof List<?> docs)) {
            throw new IOException(file + ": expected 'rules:' followed by a list of rules");
        }
        List<Rule> out = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            Rule rule = parse(i, docs.get(i));
            Integer first = ids.putIfAbsent(rule.id(), i);
            if (first != null) {
                throw new IOException(file + ": rules[" + first + "] and rules[" + i + "] have the same id '"
                        + rule.id() + "'; rule ids must be unique");
            }
            out.add(rule);
        }
        return out;
    }

    boolean exists() {
        return Files.exists(file);
    }

    @SuppressWarnings("unchecked")
    private static Rule parse(int index, Object doc) {
        if (!(doc instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("rules[" + index + "] must be an object");
        }
        return RuleParser.parse(null, (Map<String, Object>) doc);
    }

    /** Whether the file changed since this store last read or wrote it. */
    boolean changedOnDisk() throws IOException {
        long modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : Long.MIN_VALUE;
        return modified != lastSeenModified;
    }

    /** Writes the rules, atomically. */
    void save(Collection<Rule> rules) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        rules.forEach(r -> docs.add(r.definition()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rules", docs);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".rules", ".tmp");
        mapper.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lastSeenModified = Files.getLastModifiedTime(file).toMillis();
    }

    /** Reads one rule document (JSON, or YAML when {@code yaml}) into a map. */
    static Map<String, Object> readDocument(byte[] body, boolean yaml) throws IOException {
        ObjectMapper m = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        return m.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
