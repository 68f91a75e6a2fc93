package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.rtda.accelerator.reading.ReadingBatch;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes valid readings to their partitions: one persistent message per partition a batch touches,
 * followed by a wait for the broker's publisher confirms, so a batch reported accepted is on disk in the
 * broker. Readings of one stream keep their batch order within a message. One channel, serialized:
 * thread-safe, one batch at a time per publisher.
 */
public final class PartitionPublisher implements AutoCloseable {
    /** Header naming how many readings a message holds. */
    public static final String COUNT_HEADER = "rtda-readings";

    private final Partitioner partitioner;
    private final ReadingCodec codec = new ReadingCodec();
    private final Connection connection;
    private final long confirmTimeoutMillis;
    private Channel channel;
    /** The routing key of the first message of the current publish that came back unroutable, or null. */
    private final AtomicReference<String> unroutable = new AtomicReference<>();

    public PartitionPublisher(Connection connection, Partitioner partitioner, long confirmTimeoutMillis)
            throws IOException {
        this.partitioner = partitioner;
        this.confirmTimeoutMillis = confirmTimeoutMillis;
        this.connection = connection;
        this.channel = openChannel();
    }

    private Channel openChannel() throws IOException {
        Channel c = connection.createChannel();
        c.confirmSelect();
        // published mandatory: a message no queue takes (its partition queue was deleted) comes back here
        // before its confirm, instead of being confirmed and dropped
        c.addReturnListener(r -> unroutable.compareAndSet(null, r.getRoutingKey()));
        Topology.declare(c, partitioner);
        return c;
    }

    /**
     * Publishes every reading of the batch; returns how many.
     *
     * @throws BrokerUnavailableException when the broker does not confirm in time (nothing may be assumed
     *                                    stored; a retry is safe because workers deduplicate)
     */
    public synchronized int publish(ReadingBatch batch) {
        int n = batch.size();
        if (n == 0) {
            return 0;
        }
        int p = partitioner.partitions();
        int[] counts = new int[p];
        int[] partitionOf = new int[n];
        for (int i = 0; i < n; i++) {
            partitionOf[i] = partitioner.partition(batch.stream(i));
            counts[partitionOf[i]]++;
        }
        int[][] positions = new int[p][];
        int[] filled = new int[p];
        for (int i = 0; i < n; i++) {
            int part = partitionOf[i];
            if (positions[part] == null) {
                positions[part] = new int[counts[part]];
            }
            positions[part][filled[part]++] = i;
        }
        unroutable.set(null);
        try {
            if (!channel.isOpen()) {
                channel = openChannel();
            }
            for (int part = 0; part < p; part++) {
                if (counts[part] > 0) {
                    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                            .deliveryMode(2).headers(java.util.Map.of(COUNT_HEADER, counts[part])).build();
                    channel.basicPublish("", partitioner.queue(part), true, props,
                            codec.encode(batch, positions[part], counts[part]));
                }
            }
            if (!channel.waitForConfirms(confirmTimeoutMillis)) {
                throw new IOException("the broker refused (nack) a message of the batch");
            }
            String missing = unroutable.get();
            if (missing != null) {
                Topology.declare(channel, partitioner); // for the retry; the workers register on it again
                throw new IOException("partition queue " + missing + " did not exist, so the broker could not "
                        + "take its readings (declared again: retry)");
            }
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BrokerUnavailableException("RTDA-DST-010 the broker did not confirm " + n + " readings within "
                    + confirmTimeoutMillis + " ms: " + e, e);
        }
        return n;
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException e) {
            // closing anyway; the connection owner closes the connection
        }
    }
}
