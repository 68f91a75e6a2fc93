package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checkpoints every 200 ms into a fresh directory where a directory stands at the checkpoint's temporary file, so
 * every checkpoint fails until a test removes it; the readings log is bounded at 4 KiB. Readings also come in over
 * RabbitMQ and MQTT.
 */
public final class FailingCheckpointsProfile implements QuarkusTestProfile {
    /** The checkpoint directory of the running profile. */
    public static final Path DIRECTORY = directory();
    /** What blocks every checkpoint. */
    public static final Path BLOCKER = DIRECTORY.resolve("checkpoint.tmp");

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("rtda-failing-ckpt");
            Files.createDirectory(dir.resolve("checkpoint.tmp"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rtda.checkpoint.enabled", "true", "rtda.checkpoint.directory", DIRECTORY.toString(),
                "rtda.checkpoint.interval", "PT0.2S", "rtda.checkpoint.readings-log-max-size", "4K",
                "rtda.messaging.rabbitmq", "true", "rtda.messaging.mqtt", "true",
                "rtda.alerts.outbox-dir", DIRECTORY.resolve("outbox").toString(),
                "mp.messaging.incoming.readings-rabbitmq.reconnect-interval", "1");
    }
}
