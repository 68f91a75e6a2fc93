package io.rtda.models.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.StreamingDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden-file test: a detector learns three seeded streams, is checkpointed to a file, and a fresh detector
 * restored from that file must produce exactly the same scores, expected values and confidences as the
 * original on the same continuation (including an anomaly, so the scores are not trivially 0).
 */
class CheckpointRestoreTest {
    private static final long SEED = 20261127L;
    private static final String[] STREAMS = {"a", "b", "c"};
    /** Small settings so the test runs in seconds; the DJL engine is loaded once per JVM. */
    private static final DetectorOptions OPTIONS = DetectorOptions.of(Map.of("rcf.trees", "20", "rcf.warmup",
            "50", "djl.window", "8", "djl.train-batch", "16", "djl.train-every", "4", "djl.replay", "256",
            "djl.warmup", "50", "robust.window", "64", "seasonal.warmup", "50",
            "envelope.warmup", "50")).with("novelty.warmup", "50");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"robust", "rcf", "djl", "seasonal", "envelope", "novelty", "ensemble"})
    void shouldScoreExactlyAlikeAfterRestoreFromCheckpointFile(String name) throws Exception {
        System.out.println("seed " + SEED);
        Random random = new Random(SEED);
        try (StreamingDetector original = Detectors.create(name, OPTIONS);
                StreamingDetector restored = Detectors.create(name, OPTIONS)) {
            for (int t = 0; t < 400; t++) {
                feed(original, random, t);
            }
            Path file = dir.resolve(name + ".checkpoint.json");
            Files.write(file, original.checkpoint());
            restored.restore(Files.readAllBytes(file));
            double maxScore = 0;
            for (int t = 400; t < 520; t++) {
                long[] ts = new long[STREAMS.length];
                double[] values = new double[STREAMS.length];
                fill(random, t, ts, values);
                AnomalyScore[] a = original.observe(STREAMS, ts, values, STREAMS.length);
                AnomalyScore[] b = restored.observe(STREAMS, ts, values, STREAMS.length);
                for (int s = 0; s < STREAMS.length; s++) {
                    assertEquals(a[s], b[s], name + " step " + t + " stream " + STREAMS[s]);
                    maxScore = Math.max(maxScore, a[s].score());
                }
            }
            assertTrue(maxScore > 0.1, name + " should flag the injected spike, max score " + maxScore);
            assertArrayEquals(original.checkpoint(), restored.checkpoint(), "states stay identical");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"robust", "rcf"})
    void shouldRefuseAnotherDetectorsCheckpoint(String name) {
        try (StreamingDetector d = Detectors.create(name, OPTIONS)) {
            byte[] other = Detectors.create(name.equals("rcf") ? "robust" : "rcf", OPTIONS).checkpoint();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.restore(other));
            assertTrue(e.getMessage().contains("not '" + name + "'"), e.getMessage());
            byte[] future = new String(d.checkpoint()).replace("\"version\":1", "\"version\":99").getBytes();
            e = assertThrows(IllegalArgumentException.class, () -> d.restore(future));
            assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        }
    }

    private static void feed(StreamingDetector d, Random random, int t) {
        long[] ts = new long[STREAMS.length];
        double[] values = new double[STREAMS.length];
        fill(random, t, ts, values);
        d.observe(STREAMS, ts, values, STREAMS.length);
    }

    /** Sine waves (a 16-hour period) with noise; stream b spikes at step 470. */
    private static void fill(Random random, int t, long[] ts, double[] values) {
        for (int s = 0; s < STREAMS.length; s++) {
            ts[s] = 1_700_000_000_000L + t * 1_200_000L; // 20 minutes: 520 steps span 7 days
            values[s] = 50 + 10 * s + 5 * Math.sin(t * 2 * Math.PI / 48 + s) + random.nextGaussian() * 0.5
                    + (s == 1 && t == 470 ? 40 : 0);
        }
    }
}
