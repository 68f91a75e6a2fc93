package io.rtda.functions.profiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.alerting.AlertJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a crash leaves when it falls between an alert transition's journal line and its outbox entry: a checkpoint
 * directory whose alert journal holds a firing that no outbox has. The RabbitMQ alert channel is on, and a queue
 * bound to its exchange for this profile's rule is there before the app starts.
 */
public final class JournaledNotSentProfile implements QuarkusTestProfile {
    /** Fixed names: Quarkus and JUnit may load this class more than once, and each load prepares again. */
    public static final String RULE = "journaled-not-sent";
    public static final String QUEUE = "rtda.test.alerts." + RULE;
    public static final AlertTransition FIRING = new AlertTransition(RULE + "/crash.stream", 1, RULE,
            "crash.stream", AlertState.PENDING, AlertState.FIRING, 1_795_000_000_000L, "critical", 42.0,
            "value > 40", Map.of("value", 42.0), null, Map.of(), Map.of());
    private static final Path DIRECTORY = prepare();

    private static Path prepare() {
        try {
            Path dir = Files.createTempDirectory("rtda-journaled");
            new AlertJournal(dir.resolve("checkpoints/alerts.journal"), new ObjectMapper()).append(FIRING);
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
            try (Connection c = factory.newConnection("journaled-profile"); Channel ch = c.createChannel()) {
                ch.exchangeDeclare("rtda.alerts", "topic", true);
                ch.queueDeclare(QUEUE, true, false, false, null);
                ch.queuePurge(QUEUE);
                ch.queueBind(QUEUE, "rtda.alerts", "#." + RULE);
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rtda.checkpoint.enabled", "true",
                "rtda.checkpoint.directory", DIRECTORY.resolve("checkpoints").toString(),
                "rtda.checkpoint.interval", "PT1H",
                "rtda.messaging.rabbitmq", "true",
                "rtda.alerts.outbox-dir", DIRECTORY.resolve("outbox").toString());
    }
}
