package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Where a worker puts the messages it cannot apply: the durable queue {@code <prefix>poison}, each message as it
 * came with its partition and the reason in headers ({@code x-rtda-partition}, {@code x-rtda-reason}), confirmed
 * by the broker before the original is acknowledged, so a poison message is set aside for inspection, never
 * dropped. One confirm-mode channel, owned here. Thread-safe.
 */
final class PoisonQueue implements AutoCloseable {
    private final Connection connection;
    private final String queue;
    private final long confirmTimeoutMs;
    private Channel channel;

    PoisonQueue(Connection connection, Partitioner partitioner, long confirmTimeoutMs) {
        this.connection = connection;
        this.queue = Topology.poisonQueue(partitioner);
        this.confirmTimeoutMs = confirmTimeoutMs;
    }

    String queue() {
        return queue;
    }

    /** Publishes {@code body} to the poison queue and waits for the broker's confirm. */
    synchronized void keep(int partition, String reason, byte[] body) throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
            channel.confirmSelect();
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                .contentType("application/json").headers(Map.of("x-rtda-partition", partition, "x-rtda-reason",
                        reason.length() > 1000 ? reason.substring(0, 1000) : reason))
                .build();
        channel.basicPublish("", queue, true, props, body);
        try {
            channel.waitForConfirmsOrDie(confirmTimeoutMs);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the poison message within " + confirmTimeoutMs + " ms",
                    e);
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
