package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A front's side of metrics queries: broadcasts {@code <window> <stream>} to every worker through the query
 * exchange ({@link QueryResponder#exchange}) with RabbitMQ's direct reply-to, and returns the first answer
 * from a worker that holds the stream. Only the partition's owner holds a stream (a stand-by has no window
 * of it), so the answer is the owner's; when no worker answers "found" within the timeout, the stream is
 * unknown. One query at a time per requester: thread-safe by serialization.
 */
public final class QueryRequester implements AutoCloseable {
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";

    private final Channel channel;
    private final String exchange;
    private final long timeoutMillis;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();

    private record Reply(String correlationId, boolean found, byte[] body) {
    }

    public QueryRequester(Connection connection, Partitioner partitioner, long timeoutMillis) throws IOException {
        this.timeoutMillis = timeoutMillis;
        this.exchange = QueryResponder.exchange(partitioner);
        this.channel = connection.createChannel();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
        channel.basicConsume(REPLY_TO, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                Object found = props.getHeaders() == null ? null
                        : props.getHeaders().get(QueryResponder.FOUND_HEADER);
                replies.add(new Reply(props.getCorrelationId(), Boolean.TRUE.equals(found), body));
            }
        });
    }

    /**
     * The owning worker's metrics JSON for the stream, or empty when no worker holds it.
     *
     * @throws BrokerUnavailableException when the query cannot be sent
     */
    public synchronized Optional<byte[]> ask(String stream, String window) {
        String id = UUID.randomUUID().toString();
        replies.clear();
        try {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(id).replyTo(REPLY_TO)
                    .expiration(Long.toString(timeoutMillis)).build();
            channel.basicPublish(exchange, "", props,
                    (window + " " + stream).getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            long left = timeoutMillis;
            while (left > 0) {
                Reply r = replies.poll(left, TimeUnit.MILLISECONDS);
                if (r != null && id.equals(r.correlationId()) && r.found()) {
                    return Optional.of(r.body());
                }
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new BrokerUnavailableException("RTDA-DST-013 cannot query the workers: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // closing anyway
        }
    }
}
