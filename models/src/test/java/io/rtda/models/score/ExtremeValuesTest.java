package io.rtda.models.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One absurd but finite reading (a sensor glitch of 1e155, or ±Double.MAX_VALUE) is anomalous, and costs
 * nothing else: no call fails, for that stream or its neighbours, and every later score stays in [0, 1]
 * for longer than a calibration history (where an overflowed running sum used to turn into NaN).
 */
class ExtremeValuesTest {
    @ParameterizedTest
    @ValueSource(strings = {"robust", "rcf", "djl", "seasonal", "envelope", "novelty", "ensemble"})
    void shouldScoreAGlitchAndEveryLaterReadingInRange(String name) {
        DetectorOptions options = DetectorOptions.of(Map.of("rcf.trees", "10", "rcf.history", "500",
                "djl.history", "500", "seasonal.history", "500", "djl.window", "8", "djl.train-every", "8"));
        Random random = new Random(11);
        String[] ids = {"healthy", "glitchy"};
        double maxGlitch = 0;
        try (StreamingDetector d = Detectors.create(name, options)) {
            for (int t = 0; t < 1_600; t++) {
                long ts = 1_700_000_000_000L + t * 600_000L;
                double glitch = switch (t) {
                    case 900 -> 1e155;
                    case 950 -> Double.MAX_VALUE;
                    case 1000 -> -Double.MAX_VALUE;
                    default -> 0;
                };
                double value = 10 + Math.sin(t / 20.0) + 0.1 * random.nextGaussian();
                AnomalyScore[] scores = d.observe(ids, new long[] {ts, ts},
                        new double[] {value, glitch == 0 ? value : glitch}, 2);
                for (AnomalyScore s : scores) {
                    assertTrue(s.score() >= 0 && s.score() <= 1, name + " step " + t + ": " + s.score());
                }
                if (glitch != 0) {
                    maxGlitch = Math.max(maxGlitch, scores[1].score());
                }
            }
        }
        assertTrue(maxGlitch > 0.1, name + " scored the glitches at most " + maxGlitch);
    }
}
