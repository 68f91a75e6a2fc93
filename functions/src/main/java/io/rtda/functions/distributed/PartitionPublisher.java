package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.rtda.accelerator.reading.ReadingBatch;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes valid readings to their partitions: one persistent message per partition a batch touches,
 * followed by a wait for the broker's publisher confirms, so a batch reported accepted is on disk in the
 * broker. Readings of one stream keep their batch order within a message. One channel, used by one sender
 * thread, one batch at a time; callers wait at most {@code confirmTimeoutMillis} for their batch, so a broker
 * connection that stops taking bytes (TCP back-pressure, a blocked broker) answers 503 in bounded time instead
 * of holding every ingest request: a batch still queued then is never sent, and at most
 * {@value #MAX_QUEUED} batches wait. Thread-safe.
 */
public final class PartitionPublisher implements AutoCloseable {
    /** Header naming how many readings a message holds. */
    public static final String COUNT_HEADER = "rtda-readings";

    private final Partitioner partitioner;
    private final ReadingCodec codec = new ReadingCodec();
    private final Connection connection;
    private final long confirmTimeoutMillis;
    /** Batches that may wait for the sender; beyond them a publish is refused at once. */
    static final int MAX_QUEUED = 64;

    private Channel channel;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED), Thread.ofPlatform().daemon().name("rtda-publish").factory());
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
    public int publish(ReadingBatch batch) {
        if (batch.size() == 0) {
            return 0;
        }
        Future<Integer> sent;
        try {
            sent = sender.submit(() -> send(batch));
        } catch (RejectedExecutionException e) {
            throw new BrokerUnavailableException("RTDA-DST-010 " + MAX_QUEUED + " batches are already waiting for "
                    + "the broker connection; nothing of these " + batch.size() + " readings was sent", e);
        }
        try {
            return sent.get(confirmTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(false); // still queued: never sent; already sending: the workers drop exact duplicates
            throw new BrokerUnavailableException("RTDA-DST-010 the broker did not take and confirm "
                    + batch.size() + " readings within " + confirmTimeoutMillis + " ms (connection backed up?)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerUnavailableException b) {
                throw b;
            }
            throw new BrokerUnavailableException("RTDA-DST-010 publishing failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("RTDA-DST-010 interrupted while publishing", e);
        }
    }

    /** Sends one batch on the channel; runs on the sender thread only. */
    private int send(ReadingBatch batch) {
        int n = batch.size();
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
    public void close() {
        sender.shutdownNow();
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException e) {
            // closing anyway; the connection owner closes the connection
        }
    }
}
