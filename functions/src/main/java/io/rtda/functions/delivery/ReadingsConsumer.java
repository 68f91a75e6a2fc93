package io.rtda.functions.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.ingest.IngestResponse;
import io.rtda.functions.ingest.IngestService;
import io.rtda.functions.ingest.IngestUnavailableException;
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
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Readings from RabbitMQ and MQTT, through the same parser and validation as {@code POST /api/v1/readings}
 * (a JSON array or object, or NDJSON when the content type says {@code application/x-ndjson}). Good records
 * are stored; refused records (or a whole unreadable message) go to the transport's dead-letter destination
 * with the reasons. The incoming message is acknowledged only after the dead letter was confirmed, so nothing is
 * lost silently: if the dead-letter publish fails, the message is negatively acknowledged (and redelivered). A
 * message the server cannot make durable now (a 503 on HTTP) is held and tried again until it can.
 */
@ApplicationScoped
public class ReadingsConsumer {
    private static final Logger LOG = Logger.getLogger(ReadingsConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long RETRY_MS = 1000;

    private final IngestService ingest;
    private final OutgoingChannels channels;
    private volatile boolean waiting;

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
        Metadata meta = Metadata.of(new OutgoingRabbitMQMetadata.Builder().withContentType("application/json")
                .withRoutingKey("readings").withDeliveryMode(2).build());
        return settle(message, processWhenStored(source, body, ndjson), Channels.DEAD_LETTER_RABBITMQ, meta);
    }

    @Incoming(Channels.READINGS_MQTT)
    @Blocking
    public CompletionStage<Void> fromMqtt(Message<byte[]> message) {
        String source = message instanceof ReceivingMqttMessage m ? "mqtt:" + m.getTopic() : "mqtt";
        // The channel's own topic and QoS (rtda/dead-letter/readings, 1): outside rtda/readings/+ so dead
        // letters are never consumed as readings again.
        return settle(message, processWhenStored(source, message.getPayload(), false), Channels.DEAD_LETTER_MQTT,
                Metadata.empty());
    }

    /** Acknowledges {@code message} once it is stored, after its dead letter (if any) was confirmed. */
    private CompletionStage<Void> settle(Message<?> message, CompletionStage<String> stored, String channel,
            Metadata meta) {
        return stored.handle((deadLetter, failure) -> {
            if (failure != null) {
                return message.nack(failure);
            }
            return deadLetter == null ? message.ack() : forward(channel, deadLetter, meta, message);
        }).thenCompose(settled -> settled);
    }

    /**
     * Processes the message; while the server cannot make readings durable (readings log unwritable or at its
     * bound, broker not confirming) the message is held, unacknowledged, and tried again every
     * {@value #RETRY_MS} ms, so the messages behind it wait too (in order) instead of the channel failing or
     * the message being lost.
     */
    private CompletionStage<String> processWhenStored(String source, byte[] body, boolean ndjson) {
        CompletableFuture<String> result = new CompletableFuture<>();
        attempt(result, source, body, ndjson);
        return result;
    }

    private void attempt(CompletableFuture<String> result, String source, byte[] body, boolean ndjson) {
        try {
            String deadLetter = process(source, body, ndjson);
            if (waiting) {
                waiting = false;
                LOG.infof("RTDA-INGEST-103 readings from %s are stored again", source);
            }
            result.complete(deadLetter);
        } catch (IngestUnavailableException e) {
            if (!waiting) {
                waiting = true;
                LOG.warnf("RTDA-INGEST-102 a message from %s could not be stored and is held unacknowledged, "
                        + "tried again every %d ms: %s", source, RETRY_MS, e.getMessage());
            }
            CompletableFuture.delayedExecutor(RETRY_MS, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(result, source, body, ndjson));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
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
