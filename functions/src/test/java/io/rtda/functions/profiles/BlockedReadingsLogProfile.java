package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checkpoints on, in a fresh directory where a regular file {@code readings} stands where the readings log's
 * directory must be made: the log cannot be written until a test removes the file.
 */
public final class BlockedReadingsLogProfile implements QuarkusTestProfile {
    /** The checkpoint directory of the running profile. */
    public static final Path DIRECTORY = directory();

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("rtda-blocked-log");
            Files.writeString(dir.resolve("readings"), "a file where the readings log's directory belongs\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rtda.checkpoint.enabled", "true", "rtda.checkpoint.directory", DIRECTORY.toString(),
                "rtda.checkpoint.interval", "PT1H");
    }
}
