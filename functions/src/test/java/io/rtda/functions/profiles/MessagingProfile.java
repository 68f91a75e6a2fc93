package io.rtda.functions.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * RabbitMQ (127.0.0.1:5672, guest) and MQTT (Mosquitto, 127.0.0.1:1883) channels on, with a fresh outbox
 * directory and fast retries so outage tests recover within seconds.
 */
public final class MessagingProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rtda.messaging.rabbitmq", "true",
                "rtda.messaging.mqtt", "true",
                "rtda.alerts.outbox-dir", "target/outbox-" + UUID.randomUUID(),
                "rtda.alerts.max-backoff", "PT1S",
                "rtda.alerts.confirm-timeout", "PT3S",
                "mp.messaging.outgoing.alerts-rabbitmq.reconnect-interval", "1",
                "mp.messaging.outgoing.readings-dead-letter-rabbitmq.reconnect-interval", "1",
                "mp.messaging.incoming.readings-rabbitmq.reconnect-interval", "1");
    }
}
