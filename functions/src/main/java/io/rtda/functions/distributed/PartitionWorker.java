package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.functions.ingest.MalformedBodyException;
import io.rtda.functions.ingest.ParsedBatch;
import io.rtda.functions.ingest.ReadingParser;
import io.rtda.functions.ingest.TooManyRecordsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Consumes every partition queue as a single-active consumer: the broker delivers a partition to one worker
 * at a time, in order, and to the next registered worker when the active one's connection goes away. A
 * message is acknowledged only after its readings were applied, so an unacknowledged one is redelivered to
 * whichever worker takes the partition over; applying is idempotent (exact duplicates, same stream, ts and
 * value, are stored once). A message that cannot be read is poison: logged once with its partition and
 * reason, counted, and rejected without requeue (dead-lettered if the queue has a policy). A message whose
 * apply throws is requeued once, and rejected as poison if it fails again on redelivery. Thread-safe.
 */
public final class PartitionWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PartitionWorker.class);

    private final Connection connection;
    private final Partitioner partitioner;
    private final int prefetch;
    private final ReadingSink sink;
    private final ReadingParser parser;
    private final Consumer<String> poisonListener;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong appliedReadings = new AtomicLong();
    private final AtomicLong appliedMessages = new AtomicLong();
    private final AtomicLong poisonMessages = new AtomicLong();

    /**
     * @param poisonListener told the reason of each poison message (for a metric)
     */
    public PartitionWorker(Connection connection, Partitioner partitioner, int prefetch, ReadingSink sink,
            ReadingParser parser, Consumer<String> poisonListener) {
        this.connection = connection;
        this.partitioner = partitioner;
        this.prefetch = prefetch;
        this.sink = sink;
        this.parser = parser;
        this.poisonListener = poisonListener;
    }

    /** Declares the partition queues and registers as a consumer of each. */
    public synchronized void start() throws IOException {
        for (int p = 0; p < partitioner.partitions(); p++) {
            Channel channel = connection.createChannel();
            channel.basicQos(prefetch);
            Topology.declare(channel, p == 0 ? partitioner.partitions() : 0);
            channel.basicConsume(Partitioner.queue(p), false, new PartitionConsumer(channel, p));
            channels.add(channel);
        }
        LOG.infof("RTDA-DST-001 worker consuming %d partitions (%s0..%d, single-active-consumer, prefetch %d)",
                partitioner.partitions(), Partitioner.QUEUE_PREFIX, partitioner.partitions() - 1, prefetch);
    }

    /** Readings applied since start. */
    public long appliedReadings() {
        return appliedReadings.get();
    }

    /** Messages applied and acknowledged since start. */
    public long appliedMessages() {
        return appliedMessages.get();
    }

    /** Messages rejected as poison since start. */
    public long poisonMessages() {
        return poisonMessages.get();
    }

    /** Stops consuming; unacknowledged messages go back to their queues for the next active consumer. */
    @Override
    public synchronized void close() {
        for (Channel c : channels) {
            try {
                if (c.isOpen()) {
                    c.close();
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.debugf("closing a partition channel: %s", e);
            }
        }
        channels.clear();
    }

    private final class PartitionConsumer extends DefaultConsumer {
        private final int partition;

        PartitionConsumer(Channel channel, int partition) {
            super(channel);
            this.partition = partition;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                throws IOException {
            long deliveryTag = envelope.getDeliveryTag();
            ParsedBatch parsed;
            try {
                parsed = parser.parseJson(body, System.currentTimeMillis());
            } catch (MalformedBodyException | TooManyRecordsException e) {
                poison(deliveryTag, "unreadable message: " + e.getMessage());
                return;
            }
            if (!parsed.rejected().isEmpty()) {
                // The front validated these; a refusal here means a producer bypassed it. Keep the good ones.
                LOG.warnf("RTDA-DST-004 partition %d: %d readings of a message refused, first: %s", partition,
                        parsed.rejected().size(), parsed.rejected().get(0));
            }
            BatchResult result;
            try {
                result = sink.apply(parsed.batch());
            } catch (RuntimeException e) {
                if (envelope.isRedeliver()) {
                    poison(deliveryTag, "applying failed again on redelivery: " + e);
                } else {
                    LOG.warnf("RTDA-DST-005 partition %d: applying a message failed, requeued once: %s", partition, e);
                    getChannel().basicNack(deliveryTag, false, true);
                }
                return;
            }
            getChannel().basicAck(deliveryTag, false);
            appliedReadings.addAndGet(result.accepted() + result.duplicates());
            appliedMessages.incrementAndGet();
        }

        private void poison(long deliveryTag, String reason) throws IOException {
            LOG.errorf("RTDA-DST-003 partition %d: poison message rejected without requeue: %s", partition, reason);
            poisonMessages.incrementAndGet();
            poisonListener.accept(reason);
            getChannel().basicReject(deliveryTag, false);
        }
    }
}
