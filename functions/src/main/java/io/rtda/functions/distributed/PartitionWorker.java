package io.rtda.functions.distributed;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.functions.ingest.IngestUnavailableException;
import io.rtda.functions.ingest.MalformedBodyException;
import io.rtda.functions.ingest.ParsedBatch;
import io.rtda.functions.ingest.ReadingParser;
import io.rtda.functions.ingest.TooManyRecordsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Consumes every partition queue as a single-active consumer: the broker delivers a partition to one worker
 * at a time, in order, and to the next registered worker when the active one's connection goes away. A
 * message is acknowledged only after its readings were applied, so an unacknowledged one is redelivered to
 * whichever worker takes the partition over; applying is idempotent (exact duplicates, same stream, ts and
 * value, are stored once). A message that cannot be read is poison: logged once with its partition and
 * reason, counted, and moved to the poison queue ({@link Topology#poisonQueue}). A message whose
 * apply throws is requeued once, and rejected as poison if it fails again on redelivery; one that could not be
 * made durable ({@link IngestUnavailableException}) is requeued every time. Thread-safe.
 */
public final class PartitionWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PartitionWorker.class);
    /** Header marking a message of windows sent along with a handed-back partition, and its value. */
    static final String KIND = "x-rtda-kind";
    static final String WINDOWS = "windows";
    private static final int WINDOWS_CHUNK = 10_000;

    private final Connection connection;
    private final Partitioner partitioner;
    private final int prefetch;
    private final ReadingSink sink;
    private final ReadingParser parser;
    private final Consumer<String> poisonListener;
    /** The worker's own confirmed publishes: poison set aside, windows sent along with a handed-back partition. */
    private final ConfirmedPublisher publisher;
    private final String poisonQueue;
    /** This worker's windows, sent along when it hands a partition back; null: nothing is sent. */
    private final PartitionState state;
    private final ReadingCodec codec = new ReadingCodec();
    private final AtomicLong appliedReadings = new AtomicLong();
    private final AtomicLong appliedMessages = new AtomicLong();
    private final AtomicLong poisonMessages = new AtomicLong();
    private final AtomicLong redeliveredMessages = new AtomicLong();
    private ScheduledExecutorService standby;
    /** Registers again on partitions whose consumer the broker cancelled; created on the first cancel. */
    private ScheduledExecutorService recovery;
    private boolean closed;
    private Channel declaring;
    /** Each registered partition's consumer channel, and the partitions this worker prefers (with an index). */
    private final Map<Integer, Channel> byPartition = new HashMap<>();
    private final Set<Integer> preferred = new HashSet<>();
    /** Per partition: whether a delivery arrived since the last hand-back check. */
    private final Map<Integer, Boolean> delivered = new ConcurrentHashMap<>();
    /**
     * Partitions whose windows here may be older than another worker's, not answered for: handed back (with their
     * windows), or restored at start while another worker may have consumed them. Cleared by a delivery, or once
     * this worker is the partition's only consumer.
     */
    private final Set<Integer> handedAway = ConcurrentHashMap.newKeySet();
    /** Checks every second whether this worker became the only consumer of a partition in {@link #handedAway}. */
    private ScheduledExecutorService aloneChecks;

    /**
     * @param poisonListener told the reason of each poison message (for a metric)
     */
    public PartitionWorker(Connection connection, Partitioner partitioner, int prefetch, ReadingSink sink,
            ReadingParser parser, Consumer<String> poisonListener) {
        this(connection, partitioner, prefetch, sink, parser, poisonListener, null);
    }

    /**
     * @param state this worker's windows: sent along, on the partition's own queue, when it hands a partition
     *              back, and merged when such windows arrive; null to send none
     */
    public PartitionWorker(Connection connection, Partitioner partitioner, int prefetch, ReadingSink sink,
            ReadingParser parser, Consumer<String> poisonListener, PartitionState state) {
        this.connection = connection;
        this.partitioner = partitioner;
        this.prefetch = prefetch;
        this.sink = sink;
        this.parser = parser;
        this.poisonListener = poisonListener;
        this.state = state;
        this.publisher = new ConfirmedPublisher(connection, 5_000);
        this.poisonQueue = Topology.poisonQueue(partitioner);
    }

    /** Declares the partition queues and registers as a consumer of every one. */
    public void start() throws IOException {
        int[] all = new int[partitioner.partitions()];
        Arrays.setAll(all, i -> i);
        start(all);
    }

    /**
     * Declares the partition queues and registers as a consumer of the given partitions, in that order. The
     * broker makes the first registered consumer of a queue its active one; later ones stand by.
     */
    public synchronized void start(int... partitions) throws IOException {
        // kept open: automatic recovery re-declares the queues on the channel that declared them, and logged
        // an error per queue when that channel had been closed
        if (declaring == null || !declaring.isOpen()) {
            declaring = connection.createChannel();
        }
        Topology.declare(declaring, partitioner);
        if (aloneChecks == null) {
            // What this worker restored from its checkpoint is as of its crash or stop; meanwhile another worker
            // may have consumed the partition. It answers once the partition is delivered here or it is alone.
            for (int p = 0; p < partitioner.partitions(); p++) {
                handedAway.add(p);
            }
            aloneChecks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("rtda-alone-check").factory());
            aloneChecks.scheduleWithFixedDelay(this::answerAgainWhereAlone, 1, 1, TimeUnit.SECONDS);
        }
        register(partitions);
        answerAgainWhereAlone();
    }

    /**
     * Registers on {@code preferred} now and on every other partition {@code standbyDelayMs} later: workers
     * started together each become the active consumer of their preferred partitions and the standby of the
     * rest, so they split the load and still fail over to each other. A worker started after the others
     * stands by on every partition whose preferred owner is already active (the broker does not rebalance).
     */
    public synchronized void start(int[] preferred, long standbyDelayMs) throws IOException {
        start(preferred, standbyDelayMs, 0);
    }

    /**
     * As {@link #start(int[], long)}, and every {@code rebalanceMs} (0: never) hands back partitions this worker
     * is active on but does not prefer, once another consumer is registered on them: after a connection drop
     * its partner took its partitions over, and the broker does not move them back when it returns (a
     * single-active-consumer queue keeps its active consumer). The partner, re-registering at the back, becomes
     * a standby again; the returning worker, which prefers the partition, becomes active. Only partitions with a
     * delivery since the last check are handed back (this worker was active), so standbys are left alone.
     */
    public synchronized void start(int[] preferred, long standbyDelayMs, long rebalanceMs) throws IOException {
        for (int p : preferred) {
            this.preferred.add(p);
        }
        start(preferred);
        int[] rest = IntStream.range(0, partitioner.partitions())
                .filter(p -> Arrays.stream(preferred).noneMatch(q -> q == p)).toArray();
        if (rest.length == 0) {
            return;
        }
        standby = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rtda-standby")
                .factory());
        standby.schedule(() -> {
            try {
                register(rest);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "RTDA-DST-016 could not register as standby on %d partitions; if this worker's "
                        + "partners fail, their partitions wait for another worker", rest.length);
            }
        }, standbyDelayMs, TimeUnit.MILLISECONDS);
        if (rebalanceMs > 0) {
            standby.scheduleWithFixedDelay(this::handBack, standbyDelayMs + rebalanceMs, rebalanceMs,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Hands back the partitions this worker is active on but does not prefer, where another consumer waits. */
    private void handBack() {
        List<Integer> busy = new ArrayList<>();
        delivered.forEach((p, seen) -> {
            if (seen && !preferred.contains(p)) {
                busy.add(p);
            }
        });
        delivered.replaceAll((p, seen) -> false);
        for (int p : busy) {
            try (Channel probe = connection.createChannel()) {
                if (probe.queueDeclarePassive(partitioner.queue(p)).getConsumerCount() < 2) {
                    continue; // nobody to hand it to
                }
                synchronized (this) {
                    Channel mine = byPartition.remove(p);
                    if (closed || mine == null) {
                        continue;
                    }
                    mine.close(); // unacknowledged messages go back to the queue, to the next consumer
                    // the other consumer is the active one now: what is published to the queue goes to it
                    int sent = sendWindows(p);
                    handedAway.add(p);
                    register(p); // at the back: a standby now
                    LOG.infof("RTDA-DST-019 partition %d handed back to the worker that prefers it, with %d samples "
                            + "of its windows; this worker stands by on it again", p, sent);
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.warnf("RTDA-DST-019 partition %d: handing back failed, tried again next time: %s", p, e);
            }
        }
    }

    /**
     * A partition this worker handed back (or restored at start) is its own again when it is the partition's only
     * consumer, so the active one: the worker it went to left, or there never was another. It answers queries for
     * it again, also before a message arrives there.
     */
    private void answerAgainWhereAlone() {
        Channel probe = null; // one per check, not per partition: a standby's partitions stay here for good
        try {
            for (int p : handedAway) {
                if (!registered(p)) {
                    continue; // the one consumer there is another worker
                }
                try {
                    if (probe == null || !probe.isOpen()) {
                        probe = connection.createChannel(); // a failed passive declare closes the channel
                    }
                    if (probe.queueDeclarePassive(partitioner.queue(p)).getConsumerCount() < 2) {
                        handedAway.remove(p);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("partition %d: consumer count unknown, checked again next time: %s", p, e);
                }
            }
        } finally {
            if (probe != null && probe.isOpen()) {
                try {
                    probe.close();
                } catch (IOException | TimeoutException | RuntimeException e) {
                    LOG.debugf("closing the consumer-count probe: %s", e);
                }
            }
        }
    }

    /**
     * Publishes this worker's windows of {@code partition}'s streams to the partition's queue, in confirmed
     * chunks marked {@code x-rtda-kind: windows}; returns the samples sent. A failure is logged: the partition is
     * handed back without (the rest of) its windows, as before windows moved.
     */
    private int sendWindows(int partition) {
        if (state == null) {
            return 0;
        }
        ReadingBatch windows = state.export(partition);
        int chunk = Math.min(WINDOWS_CHUNK, parser.maxRecords()); // what a worker reads in one message
        int[] positions = new int[Math.min(windows.size(), chunk)];
        int sent = 0;
        try {
            while (sent < windows.size()) {
                int n = Math.min(chunk, windows.size() - sent);
                for (int k = 0; k < n; k++) {
                    positions[k] = sent + k;
                }
                publisher.publish(partitioner.queue(partition), Map.of(KIND, WINDOWS),
                        codec.encode(windows, positions, n));
                sent += n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("RTDA-DST-021 partition %d: %d of %d samples of its windows sent along before: %s", partition,
                    sent, windows.size(), e);
        }
        return sent;
    }

    /**
     * The partitions a worker prefers: {@code p} with {@code p mod count == index}.
     *
     * @throws IllegalArgumentException naming the settings when {@code index} is not in {@code [0, count)}
     */
    public static int[] preferred(int partitions, int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("RTDA-DST-015 rtda.broker.worker-index must be in [0, "
                    + "rtda.broker.worker-count) and worker-count >= 1; were " + index + " and " + count);
        }
        return IntStream.range(0, partitions).filter(p -> p % count == index).toArray();
    }

    private synchronized void register(int... partitions) throws IOException {
        if (closed) {
            return;
        }
        for (int p : partitions) {
            Channel channel = connection.createChannel();
            channel.basicQos(prefetch);
            channel.basicConsume(partitioner.queue(p), false, new PartitionConsumer(channel, p));
            byPartition.put(p, channel);
        }
        LOG.infof("RTDA-DST-001 worker registered on partitions %s of %s0..%d (single-active-consumer, "
                + "prefetch %d)", Arrays.toString(partitions), partitioner.prefix(), partitioner.partitions() - 1,
                prefetch);
    }

    /**
     * Declares the partition queues again and registers on {@code partition} on a fresh channel, retrying every
     * second until it succeeds or the worker closes; off the connection's thread, which called this.
     */
    private synchronized void reregister(Channel cancelled, int partition) {
        if (closed) {
            return;
        }
        byPartition.remove(partition, cancelled);
        if (recovery == null) {
            recovery = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("rtda-reregister").factory());
        }
        recovery.schedule(() -> {
            try {
                if (cancelled.isOpen()) {
                    cancelled.close();
                }
                start(partition);
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.warnf("RTDA-DST-018 partition %d: registering again failed, retrying in 1 s: %s", partition, e);
                reregister(cancelled, partition);
            }
        }, 1, TimeUnit.SECONDS);
    }

    private synchronized boolean registered(int partition) {
        return byPartition.containsKey(partition);
    }

    /** Partition queues this worker is registered on (active or standby). */
    public synchronized int registeredPartitions() {
        return byPartition.size();
    }

    /** Readings applied since start. */
    public long appliedReadings() {
        return appliedReadings.get();
    }

    /** Messages applied and acknowledged since start. */
    public long appliedMessages() {
        return appliedMessages.get();
    }

    /** Messages that arrived marked redelivered (another consumer had them unacknowledged). */
    public long redeliveredMessages() {
        return redeliveredMessages.get();
    }

    /**
     * Whether this worker's windows of {@code stream} are current enough to answer a query: false once it handed
     * the stream's partition back (it sent its windows along, and the partition's new messages go elsewhere), and
     * from start (restored windows may be older than another worker's), until the partition is delivered here or
     * this worker is its only consumer.
     */
    public boolean holds(String stream) {
        return !handedAway.contains(partitioner.partition(stream));
    }

    /** Messages rejected as poison since start. */
    public long poisonMessages() {
        return poisonMessages.get();
    }

    /** Stops consuming; unacknowledged messages go back to their queues for the next active consumer. */
    @Override
    public synchronized void close() {
        closed = true;
        if (aloneChecks != null) {
            aloneChecks.shutdownNow();
        }
        if (standby != null) {
            standby.shutdownNow();
        }
        if (recovery != null) {
            recovery.shutdownNow();
        }
        for (Channel c : byPartition.values()) {
            try {
                if (c.isOpen()) {
                    c.close();
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.debugf("closing a partition channel: %s", e);
            }
        }
        byPartition.clear();
        try {
            if (declaring != null && declaring.isOpen()) {
                declaring.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf("closing the declaring channel: %s", e);
        }
        publisher.close();
    }

    private final class PartitionConsumer extends DefaultConsumer {
        private final int partition;

        PartitionConsumer(Channel channel, int partition) {
            super(channel);
            this.partition = partition;
        }

        /**
         * The broker cancelled this consumer: the partition queue was deleted. Register again once the queue is
         * back (a front declares it when a publish finds it missing), or nobody would consume it.
         */
        @Override
        public void handleCancel(String consumerTag) {
            LOG.warnf("RTDA-DST-018 partition %d: the broker cancelled this worker's consumer (queue deleted?); "
                    + "registering again", partition);
            reregister(getChannel(), partition);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                throws IOException {
            long deliveryTag = envelope.getDeliveryTag();
            delivered.put(partition, true);
            handedAway.remove(partition);
            if (envelope.isRedeliver()) {
                redeliveredMessages.incrementAndGet();
            }
            ParsedBatch parsed;
            try {
                parsed = parser.parseJson(body, System.currentTimeMillis());
            } catch (MalformedBodyException | TooManyRecordsException e) {
                poison(deliveryTag, "unreadable message: " + e.getMessage(), body);
                return;
            }
            if (!parsed.rejected().isEmpty()) {
                // The front validated these; a refusal here means a producer bypassed it. Keep the good ones.
                LOG.warnf("RTDA-DST-004 partition %d: %d readings of a message refused, first: %s", partition,
                        parsed.rejected().size(), parsed.rejected().get(0));
            }
            boolean windows = state != null && props != null && props.getHeaders() != null
                    && WINDOWS.equals(String.valueOf(props.getHeaders().get(KIND)));
            BatchResult result;
            try {
                result = windows ? state.adopt(parsed.batch()) : sink.apply(parsed.batch());
            } catch (IngestUnavailableException e) {
                // Not durable here (the readings log cannot be written): not the message's fault, so it is
                // requeued however often it comes back, after a pause that keeps a broken disk from spinning.
                LOG.warnf("RTDA-DST-020 partition %d: a message could not be made durable, requeued: %s", partition,
                        e.getMessage());
                pause();
                getChannel().basicNack(deliveryTag, false, true);
                return;
            } catch (RuntimeException e) {
                if (envelope.isRedeliver()) {
                    poison(deliveryTag, "applying failed again on redelivery: " + e, body);
                } else {
                    LOG.warnf("RTDA-DST-005 partition %d: applying a message failed, requeued once: %s", partition, e);
                    getChannel().basicNack(deliveryTag, false, true);
                }
                return;
            }
            try {
                getChannel().basicAck(deliveryTag, false);
            } catch (ShutdownSignalException e) {
                // Applied but not acknowledged: the broker redelivers it to the partition's next consumer, which
                // stores its readings once more only where they are not exact duplicates.
                LOG.warnf("RTDA-DST-006 partition %d: channel closed before the ack; the message will be "
                        + "redelivered: %s", partition, e.getMessage());
                return;
            }
            if (!result.rejected().isEmpty()) {
                // late for their stream (or beyond max-streams): the front could not know, so say it here
                LOG.warnf("RTDA-DST-004 partition %d: %d readings of a message refused by the windows, first: %s",
                        partition, result.rejected().size(), result.rejected().get(0));
            }
            appliedReadings.addAndGet(result.accepted() + result.duplicates());
            appliedMessages.incrementAndGet();
        }

        private static void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Moves the message to the poison queue, or, when that fails, requeues it: never dropped. */
        private void poison(long deliveryTag, String reason, byte[] body) throws IOException {
            try {
                publisher.publishDeclaring(poisonQueue, Map.of("x-rtda-partition", partition, "x-rtda-reason",
                        reason.length() > 1000 ? reason.substring(0, 1000) : reason), "application/json", body);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("RTDA-DST-003 partition %d: a poison message could not be moved to %s, requeued: %s "
                        + "(it was: %s)", partition, poisonQueue, e, reason);
                pause();
                getChannel().basicNack(deliveryTag, false, true);
                return;
            }
            LOG.errorf("RTDA-DST-003 partition %d: poison message moved to queue %s: %s", partition, poisonQueue,
                    reason);
            poisonMessages.incrementAndGet();
            poisonListener.accept(reason);
            getChannel().basicAck(deliveryTag, false);
        }
    }
}
