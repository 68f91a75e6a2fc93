package io.rtda.functions.delivery;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * The outgoing channels as {@code @Outgoing} publishers rather than injected emitters: a disabled channel then
 * simply has no subscriber (an emitter on a disabled channel fails the start). Sends are serialized per channel;
 * the returned stage completes when the connector acknowledged the message (the broker confirmed it) and fails
 * when it was negatively acknowledged.
 */
@ApplicationScoped
public class OutgoingChannels {
    private final Map<String, UnicastProcessor<Message<String>>> processors = Map.of(
            Channels.ALERTS_RABBITMQ, UnicastProcessor.create(),
            Channels.ALERTS_MQTT, UnicastProcessor.create(),
            Channels.DEAD_LETTER_RABBITMQ, UnicastProcessor.create(),
            Channels.DEAD_LETTER_MQTT, UnicastProcessor.create());

    @Outgoing(Channels.ALERTS_RABBITMQ)
    public Multi<Message<String>> alertsRabbitMq() {
        return processors.get(Channels.ALERTS_RABBITMQ);
    }

    @Outgoing(Channels.ALERTS_MQTT)
    public Multi<Message<String>> alertsMqtt() {
        return processors.get(Channels.ALERTS_MQTT);
    }

    @Outgoing(Channels.DEAD_LETTER_RABBITMQ)
    public Multi<Message<String>> deadLettersRabbitMq() {
        return processors.get(Channels.DEAD_LETTER_RABBITMQ);
    }

    @Outgoing(Channels.DEAD_LETTER_MQTT)
    public Multi<Message<String>> deadLettersMqtt() {
        return processors.get(Channels.DEAD_LETTER_MQTT);
    }

    /** Sends a payload on a channel; the stage completes on the connector's ack, fails on its nack. */
    public CompletionStage<Void> send(String channel, String payload, Metadata metadata) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        Message<String> m = Message.of(payload, metadata, () -> {
            confirmed.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            confirmed.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
        UnicastProcessor<Message<String>> p = processors.get(channel);
        synchronized (p) {
            p.onNext(m);
        }
        return confirmed;
    }
}
