package io.rtda.functions.distributed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.StatsKernels;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.functions.launch.AppProcess;
import io.rtda.functions.security.ApiKeys;
import io.rtda.models.baseline.RobustZDetector;
import io.rtda.models.score.AnomalyScore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The distributed shape as separate processes: two workers and one front, each the packaged application in
 * its own JVM with its own port and data directory, on RabbitMQ at 127.0.0.1:5672 with queues of a test
 * prefix (deleted afterwards). Readings for 64 streams are posted to the front, which answers metrics from
 * the owning worker. First worker A, the active consumer of every partition, has applied rounds
 * {@code [0, 100)}: every stream's metrics equal an all-in-one engine's on the same input. A then applies
 * rounds up to 150 and is stopped (SIGSTOP) with its connection open, so the next rounds are delivered to it
 * and never acknowledged; it is killed (SIGKILL) while posting continues and a replacement worker is
 * started. The stand-by B takes every partition over and receives A's unacknowledged messages again: every
 * stream's window must then equal the all-in-one engine's on rounds {@code [150, 300)} exactly. Rounds A had
 * acknowledged are gone with its memory (checkpoints are per worker, docs/serverless.md); nothing the front
 * accepted after that is missing or applied twice.
 */
class ClusterProcessesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 8;
    private static final int STREAMS = 64;
    /** Readings per stream: one per round, a second of event time apart. */
    private static final int ROUNDS = 300;
    private static final int ROUNDS_PER_POST = 10;
    /** Rounds compared with the all-in-one engine before the kill. */
    private static final int CHECKED = 100;
    /** Rounds applied by the active worker when it is stopped (SIGSTOP). */
    private static final int FROZEN_AT = 150;
    /** Rounds posted when the stopped worker is killed (SIGKILL). */
    private static final int KILLED_AT = 200;
    /** Rounds posted when the test waits for the replacement worker to be ready. */
    private static final int REPLACED_AT = 250;
    private static final long T0 = 1_798_000_000_000L;
    private static final String API_KEY = "cluster-it-key";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration APPLY = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Partitioner partitioner = new Partitioner(PARTITIONS, "rtda.it." + UUID.randomUUID() + ".");
    private final List<AppProcess> processes = new ArrayList<>();
    private Path dir;
    /** values[round][stream]. */
    private double[][] values;

    @AfterEach
    void stopEverything() throws Exception {
        try {
            for (AppProcess p : processes) {
                p.close();
            }
        } finally {
            deleteTopology();
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void shouldAnswerLikeAllInOneAndLoseNoAcceptedReadingWhenTheActiveWorkerIsKilled() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ClusterProcessesIT seed " + seed);
        values = readings(new Random(seed));
        dir = Files.createTempDirectory("rtda-cluster");
        long started = System.nanoTime();
        // Worker A registers on every partition queue before anyone else: single-active-consumer makes it the
        // active consumer of all of them, and B, started after A is ready, the stand-by of all of them.
        AppProcess workerA = start("worker-a", "worker").awaitReady(START);
        AppProcess workerB = start("worker-b", "worker");
        AppProcess front = start("front", "front");
        workerB.awaitReady(START);
        front.awaitReady(START);

        post(front, 0, CHECKED);
        awaitLastRound(front, CHECKED - 1);
        for (int s = 0; s < STREAMS; s++) {
            assertSameMetrics(reference(s, 0, CHECKED), metrics(front, stream(s)), stream(s));
        }
        assertEquals(200, status(workerA, stream(0)), "worker A, the active consumer, holds the windows");
        assertEquals(404, status(workerB, stream(0)), "worker B, the stand-by, holds no window");

        // A applies and acknowledges rounds up to FROZEN_AT, then stops (SIGSTOP) with its connection open: the
        // broker keeps delivering the next rounds to it, and they stay unacknowledged until it is killed.
        post(front, CHECKED, FROZEN_AT);
        awaitLastRound(front, FROZEN_AT - 1);
        workerA.freeze();
        post(front, FROZEN_AT, KILLED_AT);
        long touched = IntStream.range(0, STREAMS).map(s -> partitioner.partition(stream(s))).distinct().count();
        long held = (KILLED_AT - FROZEN_AT) / ROUNDS_PER_POST * touched - readyMessages();
        assertTrue(held > 0, "the stopped worker holds no unacknowledged message");
        workerA.kill();
        AppProcess replacement = start("worker-c", "worker");
        post(front, KILLED_AT, REPLACED_AT);
        replacement.awaitReady(START);
        post(front, REPLACED_AT, ROUNDS);
        awaitLastRound(front, ROUNDS - 1);

        // B took every partition over with the messages A held: each window is exactly rounds [FROZEN_AT, ROUNDS)
        // (what A had acknowledged is gone with its memory; nothing the front accepted is missing).
        for (int s = 0; s < STREAMS; s++) {
            assertSameMetrics(reference(s, FROZEN_AT, ROUNDS), metrics(front, stream(s)), stream(s));
        }
        assertEquals(200, status(workerB, stream(0)), "worker B owns the partitions after the kill");
        assertEquals(404, status(replacement, stream(0)), "the replacement stands by");
        System.out.printf("cluster: %d streams x %d readings through the front in %d ms; worker A held %d "
                + "unacknowledged messages when killed, redelivered to worker B%n", STREAMS, ROUNDS,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), held);
    }

    private AppProcess start(String name, String mode) throws IOException {
        AppProcess p = AppProcess.launch(name, AppProcess.freePort(), dir.resolve(name), Map.of("rtda.mode", mode,
                "rtda.broker.partitions", Integer.toString(PARTITIONS), "rtda.broker.queue-prefix",
                partitioner.prefix()), Map.of("RTDA_SECURITY_API_KEYS", ApiKeys.hash(API_KEY)));
        processes.add(p);
        return p;
    }

    private static double[][] readings(Random random) {
        double[][] v = new double[ROUNDS][STREAMS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int s = 0; s < STREAMS; s++) {
                v[r][s] = Math.round((20 + s + random.nextGaussian() * (1 + s % 5)) * 100) / 100.0;
            }
        }
        return v;
    }

    private static String stream(int s) {
        return String.format("cluster.s%02d", s);
    }

    private static int round(JsonNode isoTimestamp) {
        return (int) ((Instant.parse(isoTimestamp.asText()).toEpochMilli() - T0) / 1000);
    }

    /** Posts rounds {@code [from, to)} of every stream to the front, {@link #ROUNDS_PER_POST} rounds a request. */
    private void post(AppProcess front, int from, int to) throws Exception {
        for (int r0 = from; r0 < to; r0 += ROUNDS_PER_POST) {
            StringBuilder body = new StringBuilder("[");
            int count = 0;
            for (int r = r0; r < Math.min(to, r0 + ROUNDS_PER_POST); r++) {
                for (int s = 0; s < STREAMS; s++) {
                    body.append(count++ > 0 ? "," : "").append("{\"stream\":\"").append(stream(s)).append(
                            "\",\"ts\":").append(T0 + r * 1000L).append(",\"value\":").append(values[r][s]).append('}');
                }
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(front.base()
                    + "/api/v1/readings")).header("Content-Type", "application/json").header("X-API-Key", API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(count, JSON.readTree(answer.body()).get("accepted").asInt(), answer.body());
        }
    }

    /** Waits until the front answers, for every stream, metrics whose newest reading is of the given round. */
    private void awaitLastRound(AppProcess front, int last) {
        for (int s = 0; s < STREAMS; s++) {
            String id = stream(s);
            await().atMost(APPLY).pollInterval(Duration.ofMillis(100)).until(() -> {
                HttpResponse<String> r = get(front, id);
                return r.statusCode() == 200 && round(JSON.readTree(r.body()).get("to")) == last;
            });
        }
    }

    private JsonNode metrics(AppProcess process, String id) throws Exception {
        HttpResponse<String> r = get(process, id);
        assertEquals(200, r.statusCode(), process.name() + " " + id + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private int status(AppProcess process, String id) throws Exception {
        return get(process, id).statusCode();
    }

    private HttpResponse<String> get(AppProcess process, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(process.base() + "/api/v1/streams/" + id + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The all-in-one engine's snapshot of stream s after rounds {@code [from, to)}, applied as the front posts
     * them ({@link #ROUNDS_PER_POST} rounds a request: the anomaly verdict is on the most anomalous reading of
     * the last one).
     */
    private StreamSnapshot<AnomalyScore> reference(int s, int from, int to) {
        RobustZDetector detector = new RobustZDetector(3, 32);
        try (WindowEngine<AnomalyScore> engine = new WindowEngine<>(WindowConfig.defaults(),
                StatsKernels.select("scalar").kernel(), (stream, stats, window, fresh, previous) ->
                        detector.score(stream, stats, window, fresh), System::currentTimeMillis, true)) {
            for (int first = from; first < to; first += ROUNDS_PER_POST) {
                int end = Math.min(to, first + ROUNDS_PER_POST);
                ReadingBatch batch = new ReadingBatch(end - first);
                for (int r = first; r < end; r++) {
                    batch.add(r - first, stream(s), T0 + r * 1000L, values[r][s], null);
                }
                engine.apply(batch);
            }
            return engine.snapshot(stream(s)).orElseThrow();
        }
    }

    private static void assertSameMetrics(StreamSnapshot<AnomalyScore> expected, JsonNode got, String s) {
        WindowStats e = expected.stats();
        assertEquals(e.count(), got.get("count").asLong(), s);
        assertEquals(e.firstTimestamp(), Instant.parse(got.get("from").asText()).toEpochMilli(), s);
        assertEquals(e.lastTimestamp(), Instant.parse(got.get("to").asText()).toEpochMilli(), s);
        assertEquals(e.min(), got.get("min").asDouble(), 0, s);
        assertEquals(e.max(), got.get("max").asDouble(), 0, s);
        assertEquals(e.last(), got.get("last").asDouble(), 0, s);
        assertEquals(e.p50(), got.get("p50").asDouble(), 0, s);
        assertEquals(e.p99(), got.get("p99").asDouble(), 0, s);
        assertEquals(e.mean(), got.get("mean").asDouble(), 1e-12 * Math.abs(e.mean()), s);
        assertEquals(e.sum(), got.get("sum").asDouble(), 1e-12 * Math.abs(e.sum()), s);
        assertEquals(e.std(), got.get("std").asDouble(), 1e-9 * e.std(), s);
        assertEquals(e.slope(), got.get("slope").asDouble(), 1e-9 * Math.abs(e.slope()) + 1e-12, s);
        assertEquals(expected.analysis().score(), got.get("score").asDouble(), 1e-9, s);
    }

    /** Messages ready (not yet delivered) on the partition queues. */
    private long readyMessages() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            long ready = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                ready += ch.queueDeclarePassive(partitioner.queue(p)).getMessageCount();
            }
            return ready;
        }
    }

    private void deleteTopology() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            for (int p = 0; p < PARTITIONS; p++) {
                ch.queueDelete(partitioner.queue(p));
            }
            ch.queueDelete(Topology.poisonQueue(partitioner));
            ch.queueDelete(Topology.deadLetterQueue(partitioner));
            ch.exchangeDelete(QueryResponder.exchange(partitioner));
        }
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("cluster-it");
    }
}
