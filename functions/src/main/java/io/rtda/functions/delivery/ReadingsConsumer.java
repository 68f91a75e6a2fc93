package io.rtda.functions.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * message the server cannot make durable now (a 503 on HTTP) is held and tried again until it can (RabbitMQ),
 * or sent to the dead-letter topic with the reason (MQTT, which acknowledged it on arrival).
 */
@ApplicationScoped
public class ReadingsConsumer {
    private static final Logger LOG = Logger.getLogger(ReadingsConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long RETRY_MS = 1000;
    private static final long DEAD_LETTER_TIMEOUT_S = 10;

    private final IngestService ingest;
    private final OutgoingChannels channels;
    private final AtomicLong lostMqtt = new AtomicLong();
    /** RabbitMQ messages held for another try: nacked at shutdown. */
    private final Set<CompletableFuture<String>> held = ConcurrentHashMap.newKeySet();
    /** Tries held messages again: one thread, off the connector's, stopped at shutdown. */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rtda-readings-retry").factory());
    private volatile boolean waiting;
    private volatile boolean stopping;

    @Inject
    public ReadingsConsumer(IngestService ingest, OutgoingChannels channels, MeterRegistry registry) {
        this.ingest = ingest;
        this.channels = channels;
        FunctionCounter.builder("rtda.readings.mqtt.lost", lostMqtt, AtomicLong::get).description("MQTT messages "
                + "neither stored nor dead-lettered (acknowledged to the broker on arrival, so not redelivered)")
                .register(registry);
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

    void stop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
        // Not shutdownNow: interrupting an ingest in progress could close the readings log's channel.
        retries.shutdown();
        // each held message is nacked, so RabbitMQ redelivers it
        held.forEach(h -> h.completeExceptionally(new IllegalStateException("RTDA is stopping")));
    }

    @Incoming(Channels.READINGS_MQTT)
    @Blocking
    public CompletionStage<Void> fromMqtt(Message<byte[]> message) {
        String source = message instanceof ReceivingMqttMessage m ? "mqtt:" + m.getTopic() : "mqtt";
        // The channel's own topic and QoS (rtda/dead-letter/readings, 1): outside rtda/readings/+ so dead
        // letters are never consumed as readings again.
        String deadLetter;
        try {
            deadLetter = process(source, message.getPayload(), false);
        } catch (IngestUnavailableException e) {
            // The client acknowledged the message to the broker on arrival (MQTT has no negative acknowledgement),
            // so holding it would only keep it in memory: it goes to the dead-letter topic, to be published again.
            deadLetter = notStored(source, message.getPayload(), e);
        }
        if (deadLetter == null) {
            return message.ack();
        }
        String document = deadLetter;
        // A negative acknowledgement cannot bring an MQTT message back: if the dead letter is not taken either,
        // the loss is logged with the body and counted, and the channel goes on.
        // A send to a broker that cannot be reached neither completes nor fails: it counts as failed after 10 s.
        CompletableFuture<Void> sent = channels.send(Channels.DEAD_LETTER_MQTT, document, Metadata.empty())
                .toCompletableFuture().orTimeout(DEAD_LETTER_TIMEOUT_S, TimeUnit.SECONDS);
        return sent.handle((ok, failure) -> {
            if (failure != null) {
                lostMqtt.incrementAndGet();
                LOG.errorf("RTDA-INGEST-105 a message from %s could not be stored and its dead letter could not be "
                        + "published (%s); it is lost: %s", source, failure.getMessage(),
                        document.length() > 4000 ? document.substring(0, 4000) + "..." : document);
            }
            return message.ack();
        }).thenCompose(acked -> acked);
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
     * Processes a RabbitMQ message; while the server cannot make readings durable (readings log unwritable or at
     * its bound) the message is held, unacknowledged, and tried again every {@value #RETRY_MS} ms, so the
     * messages behind it wait too (in order, at most {@code max-outstanding-messages} of them delivered) instead
     * of the channel failing. At shutdown a held message is negatively acknowledged: RabbitMQ redelivers it.
     */
    private CompletionStage<String> processWhenStored(String source, byte[] body, boolean ndjson) {
        CompletableFuture<String> result = new CompletableFuture<>();
        attempt(result, source, body, ndjson);
        return result;
    }

    private void attempt(CompletableFuture<String> result, String source, byte[] body, boolean ndjson) {
        if (result.isDone()) {
            return; // given up at shutdown
        }
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
            try {
                if (stopping) {
                    throw new RejectedExecutionException("stopping");
                }
                if (held.add(result)) {
                    result.whenComplete((r, f) -> held.remove(result));
                }
                retries.schedule(() -> attempt(result, source, body, ndjson), RETRY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                result.completeExceptionally(e); // nacked: RabbitMQ redelivers it after the restart
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** The dead-letter document of a message that could not be stored now: publish its body again later. */
    private static String notStored(String source, byte[] body, IngestUnavailableException e) {
        LOG.warnf("RTDA-INGEST-104 a message from %s could not be stored (%s); sent to the dead-letter destination "
                + "to be published again", source, e.getMessage());
        Map<String, Object> dead = new LinkedHashMap<>();
        dead.put("source", source);
        dead.put("accepted", 0);
        dead.put("reason", "not stored, publish the body again: " + e.advice());
        return document(dead, body);
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
        LOG.warnf("RTDA-INGEST-101 message from %s had refused readings; sent to the dead-letter destination", source);
        return document(dead, body);
    }

    /** The dead-letter document: {@code fields} (source, accepted, and why) and then the message body as text. */
    private static String document(Map<String, Object> fields, byte[] body) {
        fields.put("body", new String(body, StandardCharsets.UTF_8));
        try {
            return JSON.writeValueAsString(fields);
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
