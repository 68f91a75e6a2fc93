package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A front's side of metrics queries: broadcasts {@code <window> <stream>} to every worker through the query
 * exchange ({@link QueryResponder#exchange}) with RabbitMQ's direct reply-to, and returns the answer of the
 * worker holding the stream's newest data. Usually only the partition's owner holds the stream; but a worker
 * that restarted and restored its checkpoint holds the windows of streams whose partitions moved to another
 * worker while it was away, and answers too, with older data. So after the first "found" answer the requester
 * waits {@code graceMillis} more for others and keeps the one with the newest event time. When no worker answers
 * "found" within the timeout, the stream is unknown. Thread-safe: queries run concurrently, each waiting for
 * the replies to its own correlation id (one query for an unknown stream no longer holds up the others for its
 * whole timeout); only the publishes on the shared channel take turns.
 */
public final class QueryRequester implements AutoCloseable {
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";

    private final Channel channel;
    private final String exchange;
    private final long timeoutMillis;
    private final long graceMillis;
    /** The replies of each query in flight, by correlation id. */
    private final Map<String, BlockingQueue<Reply>> inFlight = new ConcurrentHashMap<>();

    private record Reply(String correlationId, boolean found, long newest, byte[] body) {
    }

    /**
     * @param timeoutMillis how long to wait for a first "found" answer
     * @param graceMillis   how long to wait after it for answers with newer data
     */
    public QueryRequester(Connection connection, Partitioner partitioner, long timeoutMillis, long graceMillis)
            throws IOException {
        this.timeoutMillis = timeoutMillis;
        this.graceMillis = graceMillis;
        this.exchange = QueryResponder.exchange(partitioner);
        this.channel = connection.createChannel();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
        channel.basicConsume(REPLY_TO, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
                Object newest = headers.get(QueryResponder.NEWEST_HEADER);
                BlockingQueue<Reply> replies = props.getCorrelationId() == null ? null
                        : inFlight.get(props.getCorrelationId());
                if (replies != null) { // else a late reply to a query that has given up
                    replies.add(new Reply(props.getCorrelationId(), Boolean.TRUE.equals(headers.get(
                            QueryResponder.FOUND_HEADER)), newest instanceof Number n ? n.longValue()
                            : Long.MIN_VALUE, body));
                }
            }
        });
    }

    /**
     * The owning worker's metrics JSON for the stream, or empty when no worker holds it.
     *
     * @throws BrokerUnavailableException when the query cannot be sent
     */
    public Optional<byte[]> ask(String stream, String window) {
        String id = UUID.randomUUID().toString();
        BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
        inFlight.put(id, replies);
        try {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(id).replyTo(REPLY_TO)
                    .expiration(Long.toString(timeoutMillis)).build();
            synchronized (channel) {
                channel.basicPublish(exchange, "", props,
                        (window + " " + stream).getBytes(StandardCharsets.UTF_8));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            Reply best = null;
            long left = timeoutMillis;
            while (left > 0) {
                Reply r = replies.poll(left, TimeUnit.MILLISECONDS);
                if (r != null && id.equals(r.correlationId()) && r.found()) {
                    if (best == null) {
                        deadline = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis));
                    }
                    best = best == null || r.newest() > best.newest() ? r : best;
                }
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            }
            if (best != null) {
                return Optional.of(best.body());
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new BrokerUnavailableException("RTDA-DST-013 cannot query the workers: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            inFlight.remove(id);
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
