package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the broker must have before a caller goes on (a worker's poison messages set aside and windows sent
 * along with a partition it hands over, a front's dead-lettered events): each
 * persistent, to a queue by name, and confirmed by the broker before {@link #publish} returns. One confirm-mode
 * channel, opened on first use and again after it closed. Thread-safe.
 */
final class ConfirmedPublisher implements AutoCloseable {
    private final Connection connection;
    private final long confirmTimeoutMs;
    private Channel channel;

    ConfirmedPublisher(Connection connection, long confirmTimeoutMs) {
        this.connection = connection;
        this.confirmTimeoutMs = confirmTimeoutMs;
    }

    /** Publishes a JSON {@code body} to {@code queue} with {@code headers} and waits for the broker's confirm. */
    void publish(String queue, Map<String, Object> headers, byte[] body) throws IOException {
        publish(queue, headers, "application/json", body);
    }

    /** Publishes {@code body} to {@code queue} with {@code headers} and waits for the broker's confirm. */
    synchronized void publish(String queue, Map<String, Object> headers, String contentType, byte[] body)
            throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
            channel.confirmSelect();
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                .contentType(contentType).headers(headers).build();
        channel.basicPublish("", queue, true, props, body);
        try {
            channel.waitForConfirmsOrDie(confirmTimeoutMs);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm within " + confirmTimeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // closing is all that is left to do with it
        }
    }
}
