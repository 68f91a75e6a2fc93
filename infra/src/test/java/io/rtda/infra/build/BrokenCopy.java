package io.rtda.infra.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies of the repository's deployment files with one change, for the checkers' negative tests: each rule
 * must report a copy broken in exactly one place.
 */
public final class BrokenCopy {
    private BrokenCopy() {
    }

    /**
     * Copies the tree {@code repositoryDir} (relative to the repository root) to the same place under
     * {@code tmp} and replaces {@code from} by {@code to} in {@code file} of it; returns the copied tree.
     */
    public static Path of(Path root, Path tmp, String repositoryDir, String file, String from, String to)
            throws IOException {
        Path copy = copy(root, tmp, repositoryDir);
        Path target = copy.resolve(file);
        String text = Files.readString(target);
        assertTrue(text.contains(from), "fixture text not found in " + repositoryDir + "/" + file + ": " + from);
        Files.writeString(target, text.replace(from, to));
        return copy;
    }

    /** Copies the tree {@code repositoryDir} to the same place under {@code tmp} (once); returns the copy. */
    public static Path copy(Path root, Path tmp, String repositoryDir) throws IOException {
        Path source = root.resolve(repositoryDir);
        Path copy = tmp.resolve(repositoryDir);
        if (Files.exists(copy)) {
            return copy;
        }
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path dest = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return copy;
    }

    /** Fails unless one of {@code violations} contains {@code expected}. */
    public static void assertViolation(List<String> violations, String expected) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)),
                "expected a violation containing [" + expected + "], got:\n" + String.join("\n", violations));
    }
}
