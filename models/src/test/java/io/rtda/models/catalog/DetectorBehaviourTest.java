package io.rtda.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import io.rtda.models.score.StreamingDetector;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every detector on eight seeded seasonal streams fed in one batch per step: low confidence while warming
 * up, and an upward spike on one stream at step 700 scores above everything that stream and the seven
 * others scored in the normal stretch before, with direction ABOVE and its range below the spike.
 */
class DetectorBehaviourTest {
    private static final long SEED = 424242L;
    private static final int STREAMS = 8;
    private static final DetectorOptions OPTIONS = DetectorOptions.of(Map.of("rcf.trees", "30", "rcf.warmup",
            "100", "djl.window", "8", "djl.warmup", "100", "djl.train-every", "8", "envelope.warmup", "100",
            "novelty.warmup", "100"));

    @ParameterizedTest
    @ValueSource(strings = {"robust", "rcf", "djl", "envelope", "novelty", "ensemble"})
    void shouldFlagASpikeInOneStreamOfABatchAboveAllNormalScores(String name) {
        System.out.println("seed " + SEED);
        Random random = new Random(SEED);
        String[] ids = new String[STREAMS];
        for (int s = 0; s < STREAMS; s++) {
            ids[s] = "sensor-" + s;
        }
        double normalMax = 0;
        try (StreamingDetector d = Detectors.create(name, OPTIONS)) {
            for (int t = 0; t <= 700; t++) {
                long[] ts = new long[STREAMS];
                double[] values = new double[STREAMS];
                for (int s = 0; s < STREAMS; s++) {
                    ts[s] = t * 60_000L;
                    values[s] = 100 + 10 * Math.sin(2 * Math.PI * t / 50 + s) + random.nextGaussian();
                }
                if (t == 700) {
                    values[3] += 40;
                }
                AnomalyScore[] out = d.observe(ids, ts, values, STREAMS);
                if (t == 0) {
                    assertEquals(0.0, out[0].confidence(), name + " knows nothing at the first reading");
                }
                if (t >= 500 && t < 700) {
                    for (AnomalyScore s : out) {
                        normalMax = Math.max(normalMax, s.score());
                    }
                }
                if (t == 700) {
                    AnomalyScore spike = out[3];
                    assertTrue(spike.score() > normalMax, name + " spike " + spike.score() + " vs normal max "
                            + normalMax);
                    assertEquals(1.0, spike.confidence(), 1e-12);
                    assertEquals(Direction.ABOVE, spike.direction());
                    assertTrue(spike.expectedHigh() < values[3], name + " range " + spike.expectedHigh());
                    if (!spike.attribution().isEmpty()) {
                        assertEquals(0, spike.attribution().get(0).lag(), name + " blames the newest step");
                    }
                }
            }
        }
    }
}
