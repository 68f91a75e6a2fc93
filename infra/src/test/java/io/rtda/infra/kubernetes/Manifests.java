package io.rtda.infra.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The YAML documents of one manifest directory, each with the file it came from. Parsing uses SnakeYAML's
 * safe constructor (plain maps, lists and scalars; no object instantiation). Navigation helpers return
 * empty values for absent paths so checks read as "this path must hold that".
 */
public final class Manifests {

    /** One YAML document and its file. */
    public record Document(Path file, int index, Map<String, Object> content) {

        public String kind() {
            return String.valueOf(content.get("kind"));
        }

        public String apiVersion() {
            return String.valueOf(content.get("apiVersion"));
        }

        public String name() {
            return String.valueOf(map(content, "metadata").get("name"));
        }

        public String where() {
            return file.getFileName() + (index > 0 ? "#" + index : "") + " (" + kind() + " " + name() + "): ";
        }
    }

    private Manifests() {
    }

    /** Every document of every {@code .yaml}/{@code .yml} file directly in {@code dir}, files sorted by name. */
    @SuppressWarnings("unchecked")
    public static List<Document> load(Path dir) {
        List<Document> documents = new ArrayList<>();
        for (Path file : yamlFiles(dir)) {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            try (Reader reader = Files.newBufferedReader(file)) {
                int index = 0;
                for (Object doc : yaml.loadAll(reader)) {
                    if (!(doc instanceof Map<?, ?> m)) {
                        throw new IllegalStateException(file + " document " + index + " is not a mapping: " + doc);
                    }
                    documents.add(new Document(file, index++, (Map<String, Object>) m));
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
            }
        }
        return documents;
    }

    public static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The map at {@code key}, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> parent, String... path) {
        Map<String, Object> current = parent;
        for (String key : path) {
            Object next = current.get(key);
            if (!(next instanceof Map<?, ?> m)) {
                return Map.of();
            }
            current = (Map<String, Object>) m;
        }
        return current;
    }

    /** The list of maps at {@code key}, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List<?> l)) {
            return List.of();
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object o : l) {
            if (o instanceof Map<?, ?> m) {
                maps.add((Map<String, Object>) m);
            }
        }
        return maps;
    }
}
