package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Publishes the broker must have before a caller goes on (a worker's poison messages set aside and windows sent
 * along with a partition it hands over, a front's dead-lettered events): each
 * persistent, to a queue by name, and confirmed by the broker before {@link #publish} returns. One confirm-mode
 * channel, opened on first use and again after it closed. Thread-safe.
 */
final class ConfirmedPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConfirmedPublisher.class);
    private final Connection connection;
    private final long confirmTimeoutMs;
    private Channel channel;
    /** The reply text of a message the broker returned since the last publish began; null when none. */
    private volatile String returned;

    ConfirmedPublisher(Connection connection, long confirmTimeoutMs) {
        this.connection = connection;
        this.confirmTimeoutMs = confirmTimeoutMs;
    }

    /** Publishes a JSON {@code body} to {@code queue} with {@code headers} and waits for the broker's confirm. */
    void publish(String queue, Map<String, Object> headers, byte[] body) throws IOException {
        publish(queue, headers, "application/json", body);
    }

    /**
     * Publishes {@code body} to {@code queue} with {@code headers} and waits for the broker's confirm. A message the
     * broker could not route (the queue does not exist) is confirmed too: that is reported as
     * {@link UnroutableException}, not as success. Any failure closes the channel, so the next call starts clean.
     */
    synchronized void publish(String queue, Map<String, Object> headers, String contentType, byte[] body)
            throws IOException {
        try {
            if (channel == null || !channel.isOpen()) {
                channel = connection.createChannel();
                channel.confirmSelect();
                channel.addReturnListener(r -> returned = r.getReplyText());
            }
            returned = null;
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                    .contentType(contentType).headers(headers).build();
            channel.basicPublish("", queue, true, props, body);
            channel.waitForConfirmsOrDie(confirmTimeoutMs);
            // the broker sends basic.return before the confirm of an unroutable mandatory message
            if (returned != null) {
                throw new UnroutableException("the broker could not route the message to queue " + queue + " ("
                        + returned + ")");
            }
        } catch (TimeoutException e) {
            reset();
            throw new IOException("the broker did not confirm within " + confirmTimeoutMs + " ms", e);
        } catch (InterruptedException e) {
            reset();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        } catch (IOException e) {
            reset();
            throw e;
        } catch (RuntimeException e) { // a closed connection, headers over the frame size, ...
            reset();
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * As {@link #publish}, to a plain durable queue (no arguments): one that was deleted since it was declared is
     * declared again, logged, and the message published once more.
     */
    synchronized void publishDeclaring(String queue, Map<String, Object> headers, String contentType, byte[] body)
            throws IOException {
        try {
            publish(queue, headers, contentType, body);
        } catch (UnroutableException e) {
            try (Channel declaring = connection.createChannel()) {
                declaring.queueDeclare(queue, true, false, false, null);
            } catch (TimeoutException | RuntimeException failed) {
                throw new IOException("could not declare queue " + queue + ": " + failed.getMessage(), failed);
            }
            LOG.warnf("RTDA-DST-022 queue %s was missing and is declared again", queue);
            publish(queue, headers, contentType, body);
        }
    }

    /** The queue did not exist: the broker confirmed the message but kept it nowhere. */
    static final class UnroutableException extends IOException {
        private static final long serialVersionUID = 1L;

        UnroutableException(String message) {
            super(message);
        }
    }

    private void reset() {
        close();
        channel = null;
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
