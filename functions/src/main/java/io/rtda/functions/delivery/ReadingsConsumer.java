package io.rtda.functions.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.ingest.IngestResponse;
import io.rtda.functions.ingest.IngestService;
import io.rtda.functions.ingest.MalformedBodyException;
import io.rtda.functions.ingest.TooManyRecordsException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessage;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Readings from RabbitMQ and MQTT, through the same parser and validation as {@code POST /api/v1/readings}
 * (a JSON array or object, or NDJSON when the content type says {@code application/x-ndjson}). Good records
 * are stored; refused records (or a whole unreadable message) go to the transport's dead-letter destination
 * with the reasons. The incoming message is acknowledged only after the dead letter was confirmed, so nothing is
 * lost silently: if the dead-letter publish fails, the message is negatively acknowledged (and redelivered).
 */
@ApplicationScoped
public class ReadingsConsumer {
    private static final Logger LOG = Logger.getLogger(ReadingsConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestService ingest;
    private final OutgoingChannels channels;

    @Inject
    public ReadingsConsumer(IngestService ingest, OutgoingChannels channels) {
        this.ingest = ingest;
        this.channels = channels;
    }

    void check(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        Channels.checkNoDeadLetterLoop();
    }

    @Incoming(Channels.READINGS_RABBITMQ)
    @Blocking
    public CompletionStage<Void> fromRabbitMq(Message<?> message) {
        byte[] body;
        boolean ndjson = false;
        String source = "rabbitmq";
        if (message instanceof IncomingRabbitMQMessage<?> r) {
            body = r.message.body().getBytes();
            ndjson = r.getContentType().map(t -> t.contains("ndjson")).orElse(false);
            source = "rabbitmq:" + r.message.envelope().getRoutingKey();
        } else {
            body = String.valueOf(message.getPayload()).getBytes(StandardCharsets.UTF_8);
        }
        String deadLetter = process(source, body, ndjson);
        if (deadLetter == null) {
            return message.ack();
        }
        Metadata meta = Metadata.of(new OutgoingRabbitMQMetadata.Builder().withContentType("application/json")
                .withRoutingKey("readings").withDeliveryMode(2).build());
        return forward(Channels.DEAD_LETTER_RABBITMQ, deadLetter, meta, message);
    }

    @Incoming(Channels.READINGS_MQTT)
    @Blocking
    public CompletionStage<Void> fromMqtt(Message<byte[]> message) {
        String source = message instanceof ReceivingMqttMessage m ? "mqtt:" + m.getTopic() : "mqtt";
        String deadLetter = process(source, message.getPayload(), false);
        if (deadLetter == null) {
            return message.ack();
        }
        // The channel's own topic and QoS (rtda/dead-letter/readings, 1): outside rtda/readings/+ so dead
        // letters are never consumed as readings again.
        Metadata meta = Metadata.empty();
        return forward(Channels.DEAD_LETTER_MQTT, deadLetter, meta, message);
    }

    /** Ingests; returns the dead-letter document if anything was refused, else null. */
    private String process(String source, byte[] body, boolean ndjson) {
        Map<String, Object> dead = new LinkedHashMap<>();
        dead.put("source", source);
        try {
            IngestResponse r = ingest.ingest(body, ndjson);
            if (r.rejected().isEmpty()) {
                return null;
            }
            dead.put("accepted", r.accepted());
            dead.put("rejected", r.rejected());
        } catch (MalformedBodyException | TooManyRecordsException e) {
            dead.put("accepted", 0);
            dead.put("reason", e.getMessage());
        }
        dead.put("body", new String(body, StandardCharsets.UTF_8));
        LOG.warnf("RTDA-INGEST-101 message from %s had refused readings; sent to the dead-letter destination", source);
        try {
            return JSON.writeValueAsString(dead);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletionStage<Void> forward(String channel, String payload, Metadata meta,
            Message<?> incoming) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channels.send(channel, payload, meta).whenComplete((ok, failure) -> {
            CompletionStage<Void> settle = failure == null ? incoming.ack() : incoming.nack(failure);
            settle.whenComplete((v, f) -> done.complete(null));
        });
        return done;
    }
}
