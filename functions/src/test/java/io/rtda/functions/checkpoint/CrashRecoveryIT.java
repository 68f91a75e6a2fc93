package io.rtda.functions.checkpoint;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.accelerator.ingest.WindowAnalyzer;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.functions.launch.AppProcess;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery of the packaged application: readings stream in, the process is killed with SIGKILL
 * ({@code kill -9}) right after the last acknowledgement, between checkpoints, and a restarted process must hold,
 * for every stream, exactly the statistics an uninterrupted engine computes from every reading acknowledged: the
 * checkpoint's, and those after it from the readings log. Alerts firing before the crash are firing after it,
 * with the same event ids (nothing re-notified).
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STREAMS = 16;
    private static final long T0 = 1_790_000_000_000L;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AppProcess app;
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldResumeFromTheLastCheckpointAfterKillDashNine() throws Exception {
        dir = Files.createTempDirectory("rtda-crash");
        // A rule that fires on every stream at its first reading, so there is alert state to carry over.
        Files.writeString(dir.resolve("rules.yaml"), String.join("\n", "rules:", "  - id: crash-high",
                "    streams: \"crash.*\"", "    when: value > -1000", "    severity: warning", "  - id: late-silent",
                "    streams: \"late.*\"", "    absentFor: 2s", "    severity: warning", ""));
        int port = AppProcess.freePort();
        start(port);
        assertASecondProcessIsRefused();
        SplittableRandom random = new SplittableRandom(7);
        List<double[]> sent = new ArrayList<>();
        List<Long> acked = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
        JsonNode firing = null;
        while (System.nanoTime() < until && sent.size() < 900) {
            if (sent.size() == 2) {
                firing = JSON.readTree(get(base(port) + "/api/v1/alerts?state=firing")).get("alerts");
                assertEquals(STREAMS, firing.size(), "the rule fired on every stream at its first reading");
            }
            double[] values = new double[STREAMS];
            StringBuilder body = new StringBuilder("[");
            for (int s = 0; s < STREAMS; s++) {
                values[s] = Math.round(random.nextGaussian() * 1000) / 100.0 + s;
                body.append(s > 0 ? "," : "").append("{\"stream\":\"crash.s").append(s).append("\",\"ts\":")
                        .append(T0 + sent.size() * 1000L).append(",\"value\":").append(values[s]).append('}');
            }
            HttpResponse<String> r = post(port, body.append(']').toString());
            assertEquals(200, r.statusCode(), r.body());
            sent.add(values);
            acked.add(System.currentTimeMillis());
        }
        // A stream whose first reading comes just before the crash is known only from the readings log: the rules
        // must learn of it after the restart, or its absence rule never fires.
        HttpResponse<String> late = post(port, "[{\"stream\":\"late.new\",\"value\":1}]");
        assertEquals(200, late.statusCode(), late.body());
        long lateAt = System.currentTimeMillis();
        // Killed right after the last acknowledgement: the readings after the last checkpoint are only in the log.
        app.kill();
        app = null;
        long checkpointAt = takenAt(dir.resolve("checkpoints").resolve(CheckpointFile.LATEST));
        int safe = (int) acked.stream().filter(t -> t < checkpointAt).count();

        start(port);
        // Alert state is back before any new reading: the same alerts, still firing, with the same sequence.
        List<JsonNode> restored = new ArrayList<>();
        JSON.readTree(get(base(port) + "/api/v1/alerts?state=firing")).get("alerts").forEach(a -> {
            if (a.get("rule").asText().equals("crash-high")) {
                restored.add(a);
            }
        });
        assertEquals(firing.size(), restored.size(), "firing alerts after the restart");
        for (int i = 0; i < firing.size(); i++) {
            assertEquals(firing.get(i).get("id").asText(), restored.get(i).get("id").asText());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> get(base(port) + "/api/v1/alerts?state=firing")
                .contains("late-silent/late.new"));
        System.out.printf("crash recovery: late.new posted %d ms after the last checkpoint began, found silent after "
                + "the restart%n", lateAt - checkpointAt);
        for (int s = 0; s < STREAMS; s++) {
            JsonNode m = JSON.readTree(get(base(port) + "/api/v1/streams/crash.s" + s + "/metrics"));
            int kept = m.get("count").asInt();
            assertEquals(sent.size(), kept, "stream " + s + ": every acknowledged reading is back, those after the "
                    + "checkpoint from the readings log");
            WindowStats expected = uninterrupted(sent, s, kept);
            assertEquals(expected.count(), kept);
            assertEquals(expected.min(), m.get("min").asDouble(), "stream " + s);
            assertEquals(expected.max(), m.get("max").asDouble(), "stream " + s);
            assertEquals(expected.last(), m.get("last").asDouble(), "stream " + s);
            assertEquals(expected.p50(), m.get("p50").asDouble(), "stream " + s);
            assertEquals(expected.p95(), m.get("p95").asDouble(), "stream " + s);
            assertEquals(expected.mean(), m.get("mean").asDouble(), 1e-12 * Math.abs(expected.mean()) + 1e-12);
            assertEquals(expected.std(), m.get("std").asDouble(), 1e-9);
        }
        System.out.printf("crash recovery: %d readings per stream acknowledged, %d of them before the last checkpoint "
                + "(taken %d ms before the kill); all %d back after the restart%n", sent.size(), safe,
                acked.get(acked.size() - 1) - checkpointAt, sent.size() * STREAMS);
    }

    /** A second process on the same directory stops at start, naming the one that holds it, and touches nothing. */
    private void assertASecondProcessIsRefused() throws Exception {
        AppProcess intruder = AppProcess.launch("intruder", AppProcess.freePort(), dir, properties(), Map.of());
        assertNotEquals(0, intruder.awaitExit(Duration.ofSeconds(60)), "the second process must not start");
        String refusal = intruder.logTail(60);
        assertTrue(refusal.contains("RTDA-CKP-012") && refusal.contains(app.pid() + "@"), refusal);
    }

    private HttpResponse<String> post(int port, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/v1/readings"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static WindowStats uninterrupted(List<double[]> sent, int stream, int count) {
        try (WindowEngine<Void> engine = new WindowEngine<>(new WindowConfig(1024, Duration.ofSeconds(60),
                Duration.ofSeconds(5), 65_536, 1000, null), new ScalarStatsKernel(), WindowAnalyzer.none(),
                System::currentTimeMillis, true)) {
            ReadingBatch batch = new ReadingBatch(count);
            for (int i = 0; i < count; i++) {
                batch.add(i, "s", T0 + i * 1000L, sent.get(i)[stream], null);
            }
            engine.apply(batch);
            return engine.snapshot("s").orElseThrow().stats();
        }
    }

    private void start(int port) throws Exception {
        // One client posts up to 900 small batches as fast as it can: the production limit (200/s, burst 400)
        // would refuse some of them on a fast machine, and the limiter has its own tests.
        app = AppProcess.launch("app", port, dir, properties(), Map.of()).awaitReady(Duration.ofSeconds(60));
    }

    private Map<String, String> properties() {
        return Map.of("rtda.security.require-api-key", "false", "rtda.security.rate-limit", "0",
                "rtda.checkpoint.directory", dir.resolve("checkpoints").toString(), "rtda.checkpoint.interval",
                "PT0.4S", "rtda.history.jdbc-url", "jdbc:h2:file:" + dir.resolve("history"), "rtda.rules.file",
                dir.resolve("rules.yaml").toString(), "rtda.model.detector", "robust");
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    private static long takenAt(Path checkpoint) throws IOException {
        try (InputStream in = Files.newInputStream(checkpoint); DataInputStream data = new DataInputStream(in)) {
            data.readLong();
            return data.readLong();
        }
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }
}
