package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Rules loaded from a YAML file at start (a fresh copy of {@code rules/start-rules.yaml} under target/), saved back
 * on PUT/DELETE and reloaded when edited; the file is checked every 100 ms.
 */
public final class RulesFileProfile implements QuarkusTestProfile {
    /** The rules file of the running test application. */
    public static final Path FILE = Path.of("target", "rules-" + UUID.randomUUID(), "rules.yaml");

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Files.createDirectories(FILE.getParent());
            try (var in = RulesFileProfile.class.getResourceAsStream("/rules/start-rules.yaml")) {
                Files.write(FILE, in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("rtda.rules.file", FILE.toString(), "rtda.rules.tick", "PT0.1S");
    }
}
