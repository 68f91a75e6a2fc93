package io.rtda.functions.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.alerting.AlertMessage;
import io.rtda.functions.alerting.AlertingService;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.outbox.Outbox;
import io.rtda.functions.outbox.OutboxCourier;
import io.rtda.functions.outbox.OutboxEntry;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Publishes alert transitions to every enabled alert channel. Each transition is journaled in that channel's
 * outbox (forced to disk) inside the evaluation that produced it, and a courier thread per channel sends the
 * journal in order, retrying with backoff until the broker confirms (RabbitMQ publisher confirms, MQTT QoS 1).
 */
@ApplicationScoped
public class AlertDelivery {
    private static final Logger LOG = Logger.getLogger(AlertDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertingService alerting;
    private final RtdaConfig.Alerts config;
    private final OutgoingChannels channels;
    private final List<OutboxCourier> couriers = new ArrayList<>();

    private final MeterRegistry registry;

    @Inject
    public AlertDelivery(AlertingService alerting, RtdaConfig config, OutgoingChannels channels,
            MeterRegistry registry) {
        this.alerting = alerting;
        this.config = config.alerts();
        this.channels = channels;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (Channels.enabled("outgoing", Channels.ALERTS_RABBITMQ)) {
            open("rabbitmq", t -> t.severity() + "." + t.ruleId(), this::sendRabbit);
        }
        if (Channels.enabled("outgoing", Channels.ALERTS_MQTT)) {
            open("mqtt", t -> "rtda/alerts/" + t.ruleId() + "/" + t.stream(), this::sendMqtt);
        }
    }

    private void open(String name, Function<AlertTransition, String> address,
            Function<OutboxEntry, CompletionStage<Void>> send) throws IOException {
        Outbox outbox = new Outbox(config.outboxDir().resolve(name + ".journal"));
        OutboxCourier courier = new OutboxCourier(name, outbox, send, config.retryBackoff().toMillis(),
                config.maxBackoff().toMillis(), config.confirmTimeout().toMillis());
        int requeued = 0;
        for (AlertTransition t : alerting.journaledSinceCheckpoint()) {
            if (!outbox.knew(t.eventId())) {
                append(outbox, address, t);
                requeued++;
            }
        }
        if (requeued > 0) {
            LOG.warnf("RTDA-DELIVERY-003 %d alert transition(s) journaled before a crash but not in outbox %s: "
                    + "queued now (consumers that saw one already drop it by its id)", requeued, name);
        }
        alerting.addListener(t -> append(outbox, address, t));
        // the broker's outage shows here, not in readiness: the outbox keeps the transitions meanwhile
        Gauge.builder("rtda.alerts.outbox.pending", outbox, Outbox::pending).tag("channel", name)
                .description("alert transitions journaled but not yet confirmed by the broker").register(registry);
        courier.start();
        couriers.add(courier);
        LOG.infof("RTDA-DELIVERY-001 alert transitions to %s through outbox %s (%d waiting from before)", name,
                config.outboxDir().resolve(name + ".journal"), outbox.pending());
    }

    private static void append(Outbox outbox, Function<AlertTransition, String> address, AlertTransition t) {
        outbox.append(address.apply(t), t.eventId(), Channels.ALERT_EVENT_TYPE,
                java.time.Instant.ofEpochMilli(t.at()).toString(), json(t));
    }

    /**
     * After the final checkpoint (CheckpointScheduler's observer has the default priority, so it runs first; the
     * window service drained the batches in flight before it): a transition made until then must still reach an
     * open outbox before that checkpoint drops its journal line.
     */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent event) {
        for (OutboxCourier c : couriers) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warnf("RTDA-DELIVERY-002 closing an outbox courier: %s", e.getMessage());
            }
        }
    }

    private static String json(AlertTransition t) {
        try {
            return JSON.writeValueAsString(AlertMessage.of(t));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletionStage<Void> sendRabbit(OutboxEntry e) {
        OutgoingRabbitMQMetadata meta = new OutgoingRabbitMQMetadata.Builder()
                .withRoutingKey(e.address())
                .withContentType("application/json")
                .withMessageId(e.id())
                .withDeliveryMode(2)
                .withTimestamp(ZonedDateTime.parse(e.time()))
                .withHeader("cloudEvents:specversion", "1.0")
                .withHeader("cloudEvents:id", e.id())
                .withHeader("cloudEvents:source", "/rtda/rules")
                .withHeader("cloudEvents:type", e.type())
                .withHeader("cloudEvents:time", e.time())
                .withHeader("cloudEvents:subject", e.address())
                .withHeader("cloudEvents:datacontenttype", "application/json")
                .build();
        return channels.send(Channels.ALERTS_RABBITMQ, e.payload(), Metadata.of(meta));
    }

    private CompletionStage<Void> sendMqtt(OutboxEntry e) {
        return channels.send(Channels.ALERTS_MQTT, e.payload(), Metadata.of(new SendingMqttMessageMetadata(e.address(),
                MqttQoS.AT_LEAST_ONCE, false)));
    }
}
