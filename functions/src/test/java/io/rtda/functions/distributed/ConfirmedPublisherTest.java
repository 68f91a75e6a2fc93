package io.rtda.functions.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against the RabbitMQ on 127.0.0.1: what the broker confirms but does not keep is not reported as kept. */
class ConfirmedPublisherTest {
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldReportAMessageToAMissingQueueAsUnroutableAndDeclareAPlainQueueWhenAsked() throws Exception {
        String queue = "rtda.test.confirmed." + UUID.randomUUID();
        try (Connection connection = FrontModeTest.connect();
                ConfirmedPublisher publisher = new ConfirmedPublisher(connection, 5_000)) {
            assertThrows(ConfirmedPublisher.UnroutableException.class,
                    () -> publisher.publish(queue, Map.of(), "application/json", BODY));
            publisher.publishDeclaring(queue, Map.of("x-k", "v"), "application/json", BODY);
            try (Channel ch = connection.createChannel()) {
                GetResponse kept = ch.basicGet(queue, true);
                assertArrayEquals(BODY, kept.getBody());
                assertEquals("v", kept.getProps().getHeaders().get("x-k").toString());
                ch.queueDelete(queue);
            }
        }
    }

    @Test
    void shouldFailCleanlyOnHeadersOverTheFrameSizeAndOnAClosedConnectionAndWorkAgainAfter() throws Exception {
        String queue = "rtda.test.confirmed." + UUID.randomUUID();
        try (Connection connection = FrontModeTest.connect();
                ConfirmedPublisher publisher = new ConfirmedPublisher(connection, 5_000)) {
            try (Channel ch = connection.createChannel()) {
                ch.queueDeclare(queue, true, false, false, null);
            }
            IOException huge = assertThrows(IOException.class, () -> publisher.publish(queue,
                    Map.of("x-big", "x".repeat(200_000)), "application/json", BODY));
            assertTrue(huge.getMessage().contains("frame"), huge.getMessage());
            publisher.publish(queue, Map.of(), "application/json", BODY); // a fresh channel: confirmed at once
            try (Channel ch = connection.createChannel()) {
                assertEquals(1, ch.messageCount(queue), "the message after the failure is kept once");
                ch.queueDelete(queue);
            }
        }
        Connection closing = FrontModeTest.connect();
        ConfirmedPublisher publisher = new ConfirmedPublisher(closing, 5_000);
        closing.close();
        assertThrows(IOException.class, () -> publisher.publish(queue, Map.of(), "application/json", BODY),
                "a closed connection is an IOException (a 503), not a RuntimeException (a 500)");
        publisher.close();
    }
}
