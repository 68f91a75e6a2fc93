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
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * A worker's side of metrics queries: every worker binds its own exclusive queue to the fanout exchange
 * {@code <queue-prefix>queries} ({@code rtda.readings.queries}) and answers each request (body
 * {@code <window> <stream>}) on the request's reply-to, with header {@code found} true, header {@code newest}
 * (the stream's newest event time, epoch ms) and the metrics JSON when it holds the stream, else {@code found}
 * false. Thread-safe (one channel, one consumer thread).
 */
public final class QueryResponder implements AutoCloseable {
    /** Suffix of the fanout exchange fronts send metrics queries to: {@code <queue-prefix>queries}. */
    public static final String EXCHANGE_SUFFIX = "queries";
    /** Reply header: whether this worker holds the stream. */
    public static final String FOUND_HEADER = "found";
    /** Reply header: the newest event time of the stream this worker holds, epoch ms. */
    public static final String NEWEST_HEADER = "newest";

    /**
     * A worker's answer.
     *
     * @param json   the metrics JSON
     * @param newest the stream's newest event time this worker holds, epoch ms
     */
    public record Answer(byte[] json, long newest) {
    }

    private static final Logger LOG = Logger.getLogger(QueryResponder.class);

    private final Channel channel;

    /**
     * @param answer (stream, window) to the answer, or empty when this worker does not hold the stream
     */
    public QueryResponder(Connection connection, Partitioner partitioner,
            BiFunction<String, String, Optional<Answer>> answer) throws IOException {
        this.channel = connection.createChannel();
        String exchange = exchange(partitioner);
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                if (props.getReplyTo() == null) {
                    return;
                }
                String request = new String(body, StandardCharsets.UTF_8);
                int space = request.indexOf(' ');
                Optional<Answer> metrics;
                try {
                    metrics = space < 0 ? Optional.empty()
                            : answer.apply(request.substring(space + 1), request.substring(0, space));
                } catch (RuntimeException e) {
                    LOG.warnf("RTDA-DST-007 metrics query '%s' failed here: %s", request, e);
                    metrics = Optional.empty();
                }
                Map<String, Object> headers = metrics.isPresent()
                        ? Map.of(FOUND_HEADER, true, NEWEST_HEADER, metrics.get().newest())
                        : Map.of(FOUND_HEADER, false);
                AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                        .correlationId(props.getCorrelationId()).contentType("application/json").headers(headers)
                        .build();
                getChannel().basicPublish("", props.getReplyTo(), reply,
                        metrics.map(Answer::json).orElse(new byte[0]));
            }
        });
    }

    /** The query exchange of a partition layout. */
    public static String exchange(Partitioner partitioner) {
        return partitioner.prefix() + EXCHANGE_SUFFIX;
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf("closing the query channel: %s", e);
        }
    }
}
