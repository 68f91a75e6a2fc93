package io.rtda.functions.delivery;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test-side clients of the real brokers on 127.0.0.1. */
public final class Brokers {
    private Brokers() {
    }

    static Connection rabbit() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setUsername("guest");
        f.setPassword("guest");
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection();
    }

    /** Declares a durable queue bound to {@code exchange} with {@code key} (the exchange is declared too). */
    static void bind(String queue, String exchange, String key) throws Exception {
        try (Connection c = rabbit(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(exchange, "topic", true);
            ch.queueDeclare(queue, true, false, false, Map.of());
            ch.queuePurge(queue);
            ch.queueBind(queue, exchange, key);
        }
    }

    /** Publishes to an exchange. */
    public static void publish(String exchange, String key, String body) throws Exception {
        try (Connection c = rabbit(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(exchange, "topic", true);
            ch.basicPublish(exchange, key, null, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Takes every message waiting in a queue (with headers), or an empty list if the broker is unreachable. */
    static List<GetResponse> drain(String queue) {
        List<GetResponse> out = new ArrayList<>();
        try (Connection c = rabbit(); Channel ch = c.createChannel()) {
            GetResponse r;
            while ((r = ch.basicGet(queue, true)) != null) {
                out.add(r);
            }
        } catch (Exception e) {
            // broker down (the outage test): try again on the next poll
        }
        return out;
    }

    /** An MQTT subscriber collecting "topic payload" strings. */
    public static final class Mqtt implements AutoCloseable {
        public final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        private final Vertx vertx = Vertx.vertx();
        private final MqttClient client = MqttClient.create(vertx);

        public Mqtt(String topic) throws Exception {
            client.publishHandler(m -> received.add(
                    new String[] {m.topicName(), m.payload().toString(StandardCharsets.UTF_8)}));
            client.connect(1883, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.subscribe(topic, 1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        public void publish(String topic, String payload) throws Exception {
            client.publish(topic, io.vertx.core.buffer.Buffer.buffer(payload),
                    io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, false, false)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close();
        }
    }
}
