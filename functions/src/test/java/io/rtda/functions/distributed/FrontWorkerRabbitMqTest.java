package io.rtda.functions.distributed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.StatsKernels;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.functions.ingest.ParsedBatch;
import io.rtda.functions.ingest.ReadingParser;
import io.rtda.functions.readinglog.ReadingLogUnavailableException;
import io.rtda.models.baseline.RobustZDetector;
import io.rtda.models.score.AnomalyDetector;
import io.rtda.models.score.AnomalyScore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The front → RabbitMQ → worker path against the real broker on 127.0.0.1:5672: one front (publisher) and
 * two workers, each on its own AMQP connection with its own analytics engine, as separate processes would
 * be. The test's queues have their own prefix and are deleted afterwards.
 */
class FrontWorkerRabbitMqTest {
    private static final int PARTITIONS = 4;
    private static final int STREAMS = 40;
    private static final long T0 = 1_795_000_000_000L;

    private final List<Connection> connections = new ArrayList<>();
    private Partitioner partitioner;

    @BeforeEach
    void prefix() {
        partitioner = new Partitioner(PARTITIONS, "rtda.test." + UUID.randomUUID() + ".readings.");
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Connection admin = connect("cleanup"); Channel ch = admin.createChannel()) {
            for (int p = 0; p < PARTITIONS; p++) {
                ch.queueDelete(partitioner.queue(p));
            }
            ch.queueDelete(Topology.poisonQueue(partitioner));
            ch.queueDelete(Topology.deadLetterQueue(partitioner));
        }
        for (Connection c : connections) {
            if (c.isOpen()) {
                c.abort();
            }
        }
    }

    private Connection connect(String name) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
        factory.setAutomaticRecoveryEnabled(false);
        Connection c = factory.newConnection(name);
        connections.add(c);
        return c;
    }

    private static WindowEngine<AnomalyScore> engine() {
        AnomalyDetector detector = new RobustZDetector(3, 32);
        return new WindowEngine<>(WindowConfig.defaults(), StatsKernels.select("scalar").kernel(),
                (stream, stats, window, fresh, previous) -> detector.score(stream, stats, window, fresh),
                System::currentTimeMillis, true);
    }

    /** Readings {@code from..to-1} of every stream, one per second of event time, seeded values. */
    private static ReadingBatch readings(Random random, int from, int to) {
        ReadingBatch batch = new ReadingBatch(STREAMS * (to - from));
        int index = 0;
        for (int k = from; k < to; k++) {
            for (int s = 0; s < STREAMS; s++) {
                double value = 20 + s + random.nextGaussian() * (1 + s % 5);
                batch.add(index++, "it.sensor-" + s, T0 + k * 1000L, value, null);
            }
        }
        return batch;
    }

    /** A worker's sink: records what it applied, applies it, and can hold a message before it is acked. */
    private static class RecordingSink implements ReadingSink {
        final WindowEngine<AnomalyScore> engine = engine();
        final Set<String> applied = ConcurrentHashMap.newKeySet();
        final AtomicBoolean holdNext = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Set<String> held = ConcurrentHashMap.newKeySet();

        @Override
        public BatchResult apply(ReadingBatch batch) {
            BatchResult result = engine.apply(batch);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                keys.add(batch.stream(i) + "@" + batch.timestamp(i));
            }
            applied.addAll(keys);
            if (holdNext.compareAndSet(true, false)) {
                held.addAll(keys);
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return result;
        }
    }

    /** A sink whose windows move with a partition its worker hands back; records what it adopted. */
    private static final class MovingSink extends RecordingSink implements PartitionState {
        final Partitioner partitioner;
        final Set<String> adopted = ConcurrentHashMap.newKeySet();

        MovingSink(Partitioner partitioner) {
            this.partitioner = partitioner;
        }

        @Override
        public ReadingBatch export(int partition) {
            ReadingBatch batch = new ReadingBatch(64);
            int[] index = {0};
            engine.exportStreams((id, tags, readings, times, values, count) -> {
                for (int i = 0; i < count && partitioner.partition(id) == partition; i++) {
                    batch.add(index[0]++, id, times[i], values[i], tags);
                }
            });
            return batch;
        }

        @Override
        public BatchResult adopt(ReadingBatch batch) {
            adopted.addAll(keys(batch));
            return engine.replay(batch);
        }
    }

    private PartitionWorker worker(String name, RecordingSink sink) throws Exception {
        return new PartitionWorker(connect(name), partitioner, 8, sink, new ReadingParser(100_000), reason -> { });
    }

    private static Set<String> keys(ReadingBatch batch) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < batch.size(); i++) {
            keys.add(batch.stream(i) + "@" + batch.timestamp(i));
        }
        return keys;
    }

    @Test
    void shouldPublishEveryReadingOfAStreamToItsOwnPartitionQueueOnly() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FrontWorkerRabbitMqTest seed " + seed);
        ReadingBatch batch = readings(new Random(seed), 0, 5);
        try (PartitionPublisher front = new PartitionPublisher(connect("front"), partitioner, 5000)) {
            assertEquals(batch.size(), front.publish(batch));
            assertEquals(batch.size(), front.publish(readings(new Random(seed), 5, 10)));
        }
        ReadingParser parser = new ReadingParser(100_000);
        int seen = 0;
        try (Channel ch = connect("inspect").createChannel()) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (GetResponse m = ch.basicGet(partitioner.queue(p), true); m != null;
                        m = ch.basicGet(partitioner.queue(p), true)) {
                    ParsedBatch parsed = parser.parseJson(m.getBody(), 0);
                    assertTrue(parsed.rejected().isEmpty(), parsed.rejected().toString());
                    for (int i = 0; i < parsed.batch().size(); i++) {
                        assertEquals(p, partitioner.partition(parsed.batch().stream(i)), parsed.batch().stream(i));
                    }
                    seen += parsed.batch().size();
                }
            }
        }
        assertEquals(2 * batch.size(), seen);
    }

    @Test
    void shouldMatchAllInOneAndLoseNothingWhenTheActiveWorkerGoesAway() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FrontWorkerRabbitMqTest seed " + seed);
        Random random = new Random(seed);
        ReadingBatch first = readings(random, 0, 60);
        ReadingBatch second = readings(random, 60, 120);
        int[] even = {0, 2};
        int[] odd = {1, 3};
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        PartitionWorker workerA = worker("worker-a", a);
        PartitionWorker workerB = worker("worker-b", b);
        workerB.start(odd);          // B registers first on odd partitions: active there
        workerA.start();             // A: active on even partitions, standby on odd
        workerB.start(even);         // B: standby on even partitions

        PartitionPublisher front = new PartitionPublisher(connect("front"), partitioner, 5000);
        front.publish(first);
        Set<String> firstKeys = keys(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.applied.size() + b.applied.size() >= firstKeys.size());

        WindowEngine<AnomalyScore> allInOne = engine();
        allInOne.apply(first);
        for (int s = 0; s < STREAMS; s++) {
            String stream = "it.sensor-" + s;
            boolean evenPartition = partitioner.partition(stream) % 2 == 0;
            RecordingSink owner = evenPartition ? a : b;
            RecordingSink other = evenPartition ? b : a;
            assertTrue(other.engine.snapshot(stream).isEmpty(), stream + " reached the worker that does not own it");
            assertSameMetrics(allInOne.snapshot(stream).orElseThrow(), owner.engine.snapshot(stream).orElseThrow());
        }
        assertEquals(firstKeys, union(a.applied, b.applied));

        // A applies one message of the second batch and dies before acknowledging it.
        a.holdNext.set(true);
        front.publish(second);
        assertTrue(a.holding.await(30, TimeUnit.SECONDS), "worker A never received a message of batch 2");
        connections.get(0).abort(); // worker A's connection, the first this test opened
        a.release.countDown();
        Set<String> acceptedKeys = union(firstKeys, keys(second));
        await().atMost(Duration.ofSeconds(30)).until(() -> b.applied.containsAll(a.held)
                && union(a.applied, b.applied).containsAll(acceptedKeys));

        assertTrue(workerB.redeliveredMessages() >= 1, "A's unacknowledged message was not redelivered to B");
        assertFalse(a.held.isEmpty());
        assertTrue(b.applied.containsAll(a.held), "B did not get the readings A held unacknowledged");
        allInOne.apply(second);
        for (int s = 0; s < STREAMS; s++) {
            String stream = "it.sensor-" + s;
            if (partitioner.partition(stream) % 2 == 1) {
                // never failed over: identical to the all-in-one run on the same input
                assertSameMetrics(allInOne.snapshot(stream).orElseThrow(), b.engine.snapshot(stream).orElseThrow());
            } else {
                // failed over: what A acknowledged before it went away is lost with A's memory until window
                // state is restored from checkpoints (persistence issue); what it held unacknowledged and all
                // later readings are B's
                Set<String> streamKeys = streamKeys(second, stream);
                if (b.engine.snapshot(stream).isPresent()) {
                    assertTrue(b.applied.containsAll(streamKeys), stream);
                    assertEquals(60, b.engine.snapshot(stream).get().stats().count(), stream);
                } else {
                    assertTrue(a.applied.containsAll(streamKeys), stream + " was neither acked by A nor applied by B");
                    assertTrue(streamKeys.stream().noneMatch(a.held::contains), stream);
                }
            }
        }
        workerB.close();
        front.close();
    }

    @Test
    void shouldSplitPartitionsByWorkerIndexAndStillFailOverWhenWorkersStartTogether() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FrontWorkerRabbitMqTest seed " + seed);
        Random random = new Random(seed);
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        PartitionWorker workerA = worker("worker-a", a);
        PartitionWorker workerB = worker("worker-b", b);
        // B starts first: without worker indexes it would own every partition
        workerB.start(PartitionWorker.preferred(PARTITIONS, 1, 2), 1000);
        workerA.start(PartitionWorker.preferred(PARTITIONS, 0, 2), 1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> workerA.registeredPartitions() == PARTITIONS
                && workerB.registeredPartitions() == PARTITIONS);

        ReadingBatch first = readings(random, 0, 20);
        PartitionPublisher front = new PartitionPublisher(connect("front"), partitioner, 5000);
        front.publish(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.applied.size() + b.applied.size() >= first.size());
        for (int s = 0; s < STREAMS; s++) {
            String stream = "it.sensor-" + s;
            boolean even = partitioner.partition(stream) % 2 == 0;
            assertTrue((even ? a : b).engine.snapshot(stream).isPresent(), stream + " missing at its owner");
            assertTrue((even ? b : a).engine.snapshot(stream).isEmpty(), stream + " reached the standby");
        }

        connections.get(0).abort(); // worker A goes away: B, standby on the even partitions, takes them over
        ReadingBatch second = readings(random, 20, 40);
        front.publish(second);
        Set<String> evenKeys = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < second.size(); i++) {
            if (partitioner.partition(second.stream(i)) % 2 == 0) {
                evenKeys.add(second.stream(i) + "@" + second.timestamp(i));
            }
        }
        assertFalse(evenKeys.isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> b.applied.containsAll(keys(second)));
        assertTrue(b.applied.containsAll(evenKeys), "B did not take over A's partitions");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PartitionWorker.preferred(PARTITIONS, 2, 2));
        assertTrue(e.getMessage().contains("rtda.broker.worker-index"), e.getMessage());
        workerB.close();
        front.close();
    }

    @Test
    void shouldRequeueAMessageItCouldNotMakeDurableAsOftenAsItTakesNotAsPoison() throws Exception {
        AtomicInteger refusals = new AtomicInteger(3);
        RecordingSink durable = new RecordingSink();
        ReadingSink sink = batch -> {
            if (refusals.getAndDecrement() > 0) { // the readings log's disk is full, three times in a row
                throw new ReadingLogUnavailableException("readings log: No space left on device", null);
            }
            return durable.apply(batch);
        };
        PartitionWorker worker = new PartitionWorker(connect("worker"), partitioner, 8, sink,
                new ReadingParser(100_000), reason -> { });
        worker.start();
        ReadingBatch one = new ReadingBatch(1);
        one.add(0, "it.sensor-0", T0, 1.5, null);
        try (PartitionPublisher front = new PartitionPublisher(connect("front"), partitioner, 5000)) {
            front.publish(one);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.appliedMessages() == 1);
        assertEquals(keys(one), durable.applied);
        assertEquals(0, worker.poisonMessages(), "requeued three times, never counted as poison");
        assertEquals(3, worker.redeliveredMessages());
        worker.close();
    }

    @Test
    void shouldRefuseReadingsForADeletedPartitionQueueAndConsumeItAgainOnceItIsBack() throws Exception {
        RecordingSink sink = new RecordingSink();
        PartitionWorker worker = worker("worker", sink);
        worker.start();
        PartitionPublisher front = new PartitionPublisher(connect("front"), partitioner, 5000);
        try (Channel admin = connect("admin").createChannel()) {
            admin.queueDelete(partitioner.queue(1)); // the broker cancels the worker's consumer of it
        }
        ReadingBatch batch = readings(new Random(7), 0, 5);
        BrokerUnavailableException refused = assertThrows(BrokerUnavailableException.class, () -> front.publish(batch));
        assertTrue(refused.getMessage().contains("did not exist"), refused.getMessage());

        // the client retries, as a 503 tells it to: the queue is back and the worker consumes it again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                front.publish(batch);
                return true;
            } catch (BrokerUnavailableException again) {
                return false;
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.applied.containsAll(keys(batch)));
        worker.close();
        front.close();
    }

    @Test
    @Timeout(60) // the old, synchronized publisher hangs here until the connection takes bytes again
    void shouldAnswerWithinTheConfirmTimeoutWhenTheBrokerConnectionStopsTakingBytes() throws Exception {
        try (PausableProxy proxy = new PausableProxy(5672)) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
            factory.setAutomaticRecoveryEnabled(false);
            Connection viaProxy = factory.newConnection("front-via-proxy");
            connections.add(viaProxy);
            PartitionPublisher front = new PartitionPublisher(viaProxy, partitioner, 2000);
            ReadingBatch small = readings(new Random(1), 0, 1);
            assertEquals(small.size(), front.publish(small));

            proxy.pause(); // TCP back-pressure: the client's writes block once the buffers are full
            ReadingBatch big = readings(new Random(2), 1, 5001); // 200,000 readings, about 10 MB
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Integer> stuck = pool.submit(() -> front.publish(big));
            long start = System.nanoTime();
            assertThrows(BrokerUnavailableException.class, () -> front.publish(readings(new Random(3), 0, 1)));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs < 4000, "a small publish waited " + waitedMs + " ms behind a stalled connection");
            ExecutionException big503 = assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
            assertTrue(big503.getCause() instanceof BrokerUnavailableException, big503.toString());
            proxy.resume();
            pool.shutdownNow();
            viaProxy.abort();
        }
    }

    /** A TCP proxy to a local port that can stop reading from its client (as a blocked broker does). */
    private static final class PausableProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        /** Open while forwarding; a pause replaces it with a closed one, which resume opens. */
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        PausableProxy(int target) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket client = server.accept();
                        Socket broker = new Socket("127.0.0.1", target);
                        sockets.add(client);
                        sockets.add(broker);
                        pump(client, broker, true);
                        pump(broker, client, false);
                    }
                } catch (IOException closed) {
                    // the proxy closed
                }
            });
        }

        private void pump(Socket from, Socket to, boolean pausable) {
            Thread.ofPlatform().daemon().start(() -> {
                byte[] buffer = new byte[8192];
                try (var in = from.getInputStream(); var out = to.getOutputStream()) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        if (pausable) {
                            gate.await(); // holds what it read, as a peer that stopped reading
                        }
                        out.write(buffer, 0, n);
                    }
                } catch (IOException | InterruptedException closed) {
                    // one side went away
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        void pause() {
            gate = new CountDownLatch(1);
        }

        void resume() {
            gate.countDown();
        }

        @Override
        public void close() throws IOException {
            resume();
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void shouldHandPartitionsBackWithTheirWindowsWhenTheWorkerThatPrefersThemReturns() throws Exception {
        MovingSink b = new MovingSink(partitioner);
        Connection aConnection = connect("worker-a");
        PartitionWorker workerA = new PartitionWorker(aConnection, partitioner, 8, new RecordingSink(),
                new ReadingParser(100_000), reason -> { });
        PartitionWorker workerB = new PartitionWorker(connect("worker-b"), partitioner, 8, b,
                new ReadingParser(100_000), reason -> { }, b);
        workerA.start(PartitionWorker.preferred(PARTITIONS, 0, 2), 300, 500);
        workerB.start(PartitionWorker.preferred(PARTITIONS, 1, 2), 300, 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> workerA.registeredPartitions() == PARTITIONS
                && workerB.registeredPartitions() == PARTITIONS);
        aConnection.abort(); // a connection drop: B, standby on the even partitions, takes them over
        PartitionPublisher front = new PartitionPublisher(connect("front"), partitioner, 5000);
        ReadingBatch first = readings(new Random(11), 0, 5);
        front.publish(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> b.applied.containsAll(keys(first)));

        MovingSink returned = new MovingSink(partitioner);
        PartitionWorker workerA2 = new PartitionWorker(connect("worker-a-again"), partitioner, 8, returned,
                new ReadingParser(100_000), reason -> { }, returned);
        workerA2.start(PartitionWorker.preferred(PARTITIONS, 0, 2), 300, 500);
        int[] round = {5};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            front.publish(readings(new Random(round[0]), round[0], round[0] + 1)); // traffic, as in production
            round[0]++;
            return returned.applied.stream().anyMatch(k -> partitioner.partition(k.substring(0, k.indexOf('@')))
                    % 2 == 0);
        });
        ReadingBatch last = readings(new Random(99), 100, 101);
        front.publish(last);
        await().atMost(Duration.ofSeconds(30)).until(() -> returned.applied.containsAll(streamKeys(last, true))
                && b.applied.containsAll(streamKeys(last, false)));
        // B sent its windows of the even partitions along: A holds what B received while A was away
        assertTrue(returned.adopted.containsAll(streamKeys(first, true)), "windows sent along with the partitions");
        assertTrue(Collections.disjoint(returned.adopted, streamKeys(first, false)), "only the handed-back ones");
        for (int i = 0; i < first.size(); i++) {
            boolean even = partitioner.partition(first.stream(i)) % 2 == 0;
            assertEquals(!even, workerB.holds(first.stream(i)), "B no longer answers for what it handed back");
        }
        for (int i = 0; i < first.size(); i++) {
            String stream = first.stream(i);
            if (partitioner.partition(stream) % 2 == 0) {
                assertTrue(returned.engine.snapshot(stream).orElseThrow().stats().firstTimestamp()
                        <= first.timestamp(i), stream + " starts at its first reading, not where A came back");
            }
        }
        workerB.close();
        workerA2.close();
        front.close();
    }

    /** The keys of {@code batch} on even ({@code even}) or odd partitions. */
    private Set<String> streamKeys(ReadingBatch batch, boolean even) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < batch.size(); i++) {
            if ((partitioner.partition(batch.stream(i)) % 2 == 0) == even) {
                keys.add(batch.stream(i) + "@" + batch.timestamp(i));
            }
        }
        return keys;
    }

    private static Set<String> streamKeys(ReadingBatch batch, String stream) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.stream(i).equals(stream)) {
                keys.add(stream + "@" + batch.timestamp(i));
            }
        }
        return keys;
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> u = ConcurrentHashMap.newKeySet();
        u.addAll(x);
        u.addAll(y);
        return u;
    }

    private static void assertSameMetrics(StreamSnapshot<AnomalyScore> expected, StreamSnapshot<AnomalyScore> got) {
        WindowStats e = expected.stats();
        WindowStats g = got.stats();
        String s = expected.stream();
        assertEquals(e.count(), g.count(), s);
        assertEquals(e.mean(), g.mean(), 1e-12 * Math.abs(e.mean()), s);
        assertEquals(e.std(), g.std(), 1e-12 * e.std(), s);
        assertEquals(e.min(), g.min(), 0, s);
        assertEquals(e.max(), g.max(), 0, s);
        assertEquals(e.last(), g.last(), 0, s);
        assertEquals(e.p50(), g.p50(), 0, s);
        assertEquals(e.p99(), g.p99(), 0, s);
        assertEquals(e.slope(), g.slope(), 1e-12 * Math.abs(e.slope()) + 1e-15, s);
        assertEquals(expected.analysis().score(), got.analysis().score(), 1e-12, s);
    }

    @Test
    void shouldNotAnswerFromRestoredWindowsWhileAnotherWorkerIsActiveOnThePartition() throws Exception {
        RecordingSink b = new RecordingSink();
        PartitionWorker workerB = worker("worker-b", b);
        workerB.start(); // took the partitions over while A was down
        RecordingSink a = new RecordingSink();
        a.engine.apply(readings(new Random(7), 0, 5)); // what A restored from its checkpoint
        PartitionWorker workerA = worker("worker-a", a);
        workerA.start(); // A restarts: a standby behind B on every partition
        String stream = "it.sensor-0";
        assertFalse(workerA.holds(stream), "A's restored copy may be older than B's");
        assertTrue(workerB.holds(stream), "B is the only consumer when it starts");

        workerB.close(); // B goes away: A is the only consumer, and answers again without any new message
        await().atMost(Duration.ofSeconds(10)).until(() -> workerA.holds(stream));
        workerA.close();
    }
}
